/** The tray icon: colour from trayState(), menu from trayMenuTemplate(). */
import { Menu, nativeImage, Tray } from 'electron';
import { join } from 'node:path';
import type { TrayState } from './tray-state';
import { trayMenuTemplate } from './tray-menu';
import type { TrayActions } from './tray-menu';

/** A tray that redraws only when its state or menu changes. */
export interface AppTray {
  /** Redraw; does nothing once destroyed (every method of a destroyed Tray throws "Tray is destroyed"). */
  render(state: TrayState, pausedUntil: string | null): void;
  destroy(): void;
}

/** Create the tray; icons are resources/icons/tray-<colour>.png. */
export function createAppTray(iconsDir: string, actions: TrayActions): AppTray {
  const icon = (colour: string) => nativeImage.createFromPath(join(iconsDir, `tray-${colour}.png`));
  const tray = new Tray(icon('grey'));
  tray.on('click', () => actions.show());
  let last = '';
  return {
    render(state, pausedUntil) {
      const key = `${state.colour}|${state.tooltip}|${pausedUntil}`;
      if (key === last || tray.isDestroyed()) return;
      last = key;
      tray.setImage(icon(state.colour));
      tray.setToolTip(state.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions, pausedUntil) as Electron.MenuItemConstructorOptions[]));
    },
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
