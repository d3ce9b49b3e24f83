/**
 * Menu.buildFromTemplate as Electron 39 does it, strict where it is strict: an item with none of label,
 * role or type is refused (lib/browser/api/menu-item.ts), and so is a 'submenu' item without a submenu.
 * Clicking an item runs its click, or performs its role (docs/api/menu-item.md, "Roles").
 */
import type { FakeRuntime } from './rules';

/** A menu item as Menu.buildFromTemplate makes it; click() runs the item's click or its role. */
export interface FakeMenuItem {
  readonly label: string;
  readonly role: string | null;
  readonly type: string;
  readonly accelerator: string | null;
  readonly submenu: FakeMenu | null;
  click(): void;
}

export class FakeMenu {
  constructor(readonly items: readonly FakeMenuItem[]) {}

  /** Every item, depth first, with its path of labels or roles ("File > Quit"). */
  flatten(prefix = ''): { path: string; item: FakeMenuItem }[] {
    return this.items.flatMap((item) => {
      const path = `${prefix}${item.label || item.role || item.type}`;
      return [{ path, item }, ...(item.submenu?.flatten(`${path} > `) ?? [])];
    });
  }
}

/** Roles the fake performs when clicked (docs/api/menu-item.md, "Roles"); the others do nothing here. */
export type RoleAction = (role: string) => void;

interface TemplateItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  click?: (...args: unknown[]) => void;
  submenu?: TemplateItem[] | FakeMenu;
}

/** Menu.buildFromTemplate with Electron's template checks. */
export function buildMenu(template: readonly TemplateItem[], runtime: FakeRuntime, onRole: RoleAction): FakeMenu {
  if (!Array.isArray(template)) runtime.refuse('Invalid template for Menu: Menu template must be an array', 'TypeError');
  return new FakeMenu(
    template.map((entry) => {
      if (typeof entry !== 'object' || entry === null) runtime.refuse('Invalid template for MenuItem: must be an object', 'TypeError');
      if (entry.label === undefined && entry.role === undefined && entry.type === undefined) runtime.refuse('Invalid template for MenuItem: must have at least one of label, role or type', 'TypeError');
      const submenu = entry.submenu === undefined ? null : entry.submenu instanceof FakeMenu ? entry.submenu : buildMenu(entry.submenu, runtime, onRole);
      if (entry.type === 'submenu' && submenu === null) runtime.refuse('Invalid submenu', 'TypeError');
      return {
        label: entry.label ?? '',
        role: entry.role ?? null,
        type: entry.type ?? (submenu !== null ? 'submenu' : 'normal'),
        accelerator: entry.accelerator ?? null,
        submenu,
        click: () => (entry.click !== undefined ? entry.click() : entry.role !== undefined ? onRole(entry.role) : undefined),
      };
    }),
  );
}
