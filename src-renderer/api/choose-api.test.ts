import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseApi } from './choose-api';

/** Records the URL each socket was opened with; never connects. */
class RecordingSocket {
  static readonly urls: string[] = [];
  readyState = 0;
  onopen = null;
  onclose = null;
  onerror = null;
  onmessage = null;
  constructor(url: string) {
    RecordingSocket.urls.push(url);
  }
  send(): void {}
  close(): void {}
}

/** A browser window without the Electron preload, at `href`; replaceState moves it as a browser would. */
function browserWindow(href: string) {
  const location = new URL(href);
  const replaced: string[] = [];
  const history = {
    state: { from: 'router' },
    replaceState(_state: unknown, _title: string, url: string) {
      replaced.push(url);
      location.href = new URL(url, location.href).href;
    },
  };
  return { win: { location, history } as unknown as Window, replaced, location };
}

afterEach(() => {
  vi.unstubAllGlobals();
  RecordingSocket.urls.length = 0;
});

describe('chooseApi in a browser', () => {
  it('opens the socket with the page token, then takes the token out of the address bar (issue 14, item 14)', () => {
    vi.stubGlobal('WebSocket', RecordingSocket);
    const { win, replaced, location } = browserWindow('https://wall.example/alarms?station=st-01&token=s3cret#open');
    const chosen = chooseApi(win);
    expect(chosen.kind).toBe('websocket');
    expect(RecordingSocket.urls).toEqual(['wss://wall.example/ws?token=s3cret']);
    expect(replaced).toEqual(['/alarms?station=st-01#open']);
    expect(location.href).not.toContain('s3cret');
    (chosen.api as { close?: () => void }).close?.();
  });

  it('leaves an address without a token alone', () => {
    vi.stubGlobal('WebSocket', RecordingSocket);
    const { win, replaced } = browserWindow('http://127.0.0.1:8080/history');
    chooseApi(win);
    expect(RecordingSocket.urls).toEqual(['ws://127.0.0.1:8080/ws']);
    expect(replaced).toEqual([]);
  });
});
