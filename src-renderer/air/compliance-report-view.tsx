import { downloadText } from '../history/download';
import { complianceReportDocument, complianceReportHtml, type ComplianceReportInput } from './compliance-report';

/**
 * The Compliance page's print view (issue 18): the report as it prints, in place of the page, with Print
 * (the browser's or Electron's print dialog, where "Save as PDF" is one choice), Save as HTML and Back.
 * The print stylesheet (styles/air.css) hides the app's chrome and these buttons.
 *
 * The report is one HTML text from the pure builder, so the page, the printout and the saved file cannot
 * drift apart; the builder escapes every variable part (compliance-report.test.ts feeds it hostile names).
 */
export function ComplianceReportView({ input, onClose }: { readonly input: ComplianceReportInput; readonly onClose: () => void }) {
  const year = input.result.year;
  return (
    <section className="panel compliance-report-view" aria-label="Compliance report" data-testid="compliance-report-view">
      <div className="toolbar print-hidden">
        <h2>Compliance report — print view</h2>
        <button type="button" className="primary" data-testid="compliance-report-print" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" data-testid="compliance-report-html" onClick={() => downloadText(`compliance-report-${year}.html`, complianceReportDocument(input), 'text/html')}>
          Save as HTML
        </button>
        <button type="button" data-testid="compliance-report-close" onClick={onClose}>
          Back to the Compliance page
        </button>
      </div>
      <div dangerouslySetInnerHTML={{ __html: complianceReportHtml(input) }} />
    </section>
  );
}
