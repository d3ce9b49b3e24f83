import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it and the rest of the page is
 * inert, so keyboard users cannot wander behind it.
 */
export function Modal(props: { readonly title: string; readonly onClose: () => void; readonly children: ReactNode; readonly testId?: string; readonly wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) {
      dialog.showModal();
      // showModal focuses the first focusable element (the close button); start in the form instead.
      dialog.querySelector<HTMLElement>('[data-autofocus], .modal-body input, .modal-body textarea, .modal-body select')?.focus();
    }
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
    };
  }, [onClose]);
  return (
    <dialog ref={ref} className={props.wide === true ? 'modal modal-wide' : 'modal'} aria-label={props.title} data-testid={props.testId}>
      <header className="modal-header">
        <h2>{props.title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="modal-body">{props.children}</div>
    </dialog>
  );
}
