import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it and the rest of the page is
 * inert, so keyboard users cannot wander behind it. It opens once per mount: parents pass a new
 * `onClose` on every render (the alarm list re-renders each second), and reopening on each would move
 * the focus back to the first field under the operator's fingers. On close the focus goes back to where
 * it was (e.g. the alarm list), because React removes the open dialog before the browser could restore it.
 */
export function Modal(props: { readonly title: string; readonly onClose: () => void; readonly children: ReactNode; readonly testId?: string; readonly wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(props.onClose);
  onCloseRef.current = props.onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element (the close button); start in the form instead, at the
    // field marked data-autofocus if any (one selector list would pick whichever comes first in the form).
    (dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('.modal-body input, .modal-body textarea, .modal-body select'))?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className={props.wide === true ? 'modal modal-wide' : 'modal'} aria-label={props.title} data-testid={props.testId}>
      <header className="modal-header">
        <h2>{props.title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </header>
      <div className="modal-body">{props.children}</div>
    </dialog>
  );
}
