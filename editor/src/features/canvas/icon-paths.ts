/**
 * Monochrome line icons on a 24×24 grid (stroked with `currentColor`), drawn for the editor.
 * Node descriptions name their icon (`icon: 'phone'`); the names follow the Lucide set so a new
 * node can pick a familiar name, and a name missing here falls back to `box`.
 */
export const ICON_PATHS: Record<string, readonly string[]> = {
  // Nodes
  phone: ['M5 3h3.5l1.8 4.5-2.3 1.5a11 11 0 0 0 6 6l1.5-2.3L20 14.5V18a2 2 0 0 1-2 2A15 15 0 0 1 3 5a2 2 0 0 1 2-2z'],
  'phone-call': ['M5 3h3.5l1.8 4.5-2.3 1.5a11 11 0 0 0 6 6l1.5-2.3L20 14.5V18a2 2 0 0 1-2 2A15 15 0 0 1 3 5a2 2 0 0 1 2-2z', 'M14 3a7 7 0 0 1 7 7', 'M14 7a3 3 0 0 1 3 3'],
  'message-circle': ['M4.5 19.5l1.2-3.6A8 8 0 1 1 8.1 18.3z'],
  'message-square': ['M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-5 4z'],
  'chart-column': ['M3 3v16a2 2 0 0 0 2 2h16', 'M8 17v-3', 'M13 17V9', 'M18 17V5'],
  'messages-square': ['M3 4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H7l-4 3z', 'M18 8h2a1 1 0 0 1 1 1v11l-4-3h-6a1 1 0 0 1-1-1v-1'],
  'message-square-off': ['M4 5.5V15a1 1 0 0 0 1 1h4l-5 4', 'M9 4h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 .9', 'M3 3l18 18'],
  'message-square-reply': ['M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-5 4z', 'M11 7l-3 3 3 3', 'M8 10h5a3 3 0 0 1 3 3'],
  play: ['M7 4.5v15l12-7.5z'],
  clock: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18', 'M12 7v5l3 2'],
  timer: ['M12 5a8 8 0 1 0 0 16a8 8 0 1 0 0-16', 'M12 9v4l2 2', 'M10 2h4'],
  hourglass: ['M6 3h12', 'M6 21h12', 'M7 3c0 5 5 6 5 9s-5 4-5 9', 'M17 3c0 5-5 6-5 9s5 4 5 9'],
  'git-branch': ['M6 3v12', 'M15 6a3 3 0 1 0 6 0a3 3 0 1 0-6 0', 'M3 18a3 3 0 1 0 6 0a3 3 0 1 0-6 0', 'M18 9a9 9 0 0 1-9 9'],
  split: ['M12 21v-8', 'M12 13L5 5', 'M12 13l7-8', 'M5 9V5h4', 'M19 9V5h-4'],
  variable: ['M8 4C5 8 5 16 8 20', 'M16 4c3 4 3 12 0 16', 'M9.5 9l5 6', 'M14.5 9l-5 6'],
  repeat: ['M17 2l3 3-3 3', 'M4 11V9a4 4 0 0 1 4-4h12', 'M7 22l-3-3 3-3', 'M20 13v2a4 4 0 0 1-4 4H4'],
  reply: ['M9 17l-5-5 5-5', 'M4 12h11a5 5 0 0 1 5 5v2'],
  send: ['M21 3L10 14', 'M21 3l-7 18-4-7-7-4z'],
  mail: ['M3 6a1 1 0 0 1 1-1h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z', 'M3 7l9 6 9-6'],
  sparkles: ['M10 3l1.8 5.2L17 10l-5.2 1.8L10 17l-1.8-5.2L3 10l5.2-1.8z', 'M18 14l.9 2.1L21 17l-2.1.9L18 20l-.9-2.1L15 17l2.1-.9z'],
  brain: ['M9 4a3 3 0 0 0-3 3 3 3 0 0 0-2 5 3 3 0 0 0 2 5 3 3 0 0 0 6 1V5a2 2 0 0 0-3-1z', 'M15 4a3 3 0 0 1 3 3 3 3 0 0 1 2 5 3 3 0 0 1-2 5 3 3 0 0 1-6 1'],
  'file-search': ['M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h5', 'M14 3l5 5v3', 'M14 3v5h5', 'M16.5 14a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5', 'M18.5 18.5L21 21'],
  megaphone: ['M3 10v4a1 1 0 0 0 1 1h3l6 4V5L7 9H4a1 1 0 0 0-1 1z', 'M17 9a4 4 0 0 1 0 6', 'M8 15l1 5h3l-1-4'],
  'user-pen': ['M9 11a4 4 0 1 0 0-8a4 4 0 1 0 0 8', 'M3 21v-1a6 6 0 0 1 9-5.2', 'M19.5 13.5l2 2L16 21h-2v-2z'],
  'list-checks': ['M3 6l1.5 1.5L7 5', 'M3 12l1.5 1.5L7 11', 'M3 18l1.5 1.5L7 17', 'M11 6h10', 'M11 12h10', 'M11 18h10'],
  'square-check': ['M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1z', 'M8.5 12l2.5 2.5 4.5-5'],
  bell: ['M6 16V11a6 6 0 0 1 12 0v5l2 2H4z', 'M10 20a2 2 0 0 0 4 0'],
  globe: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18', 'M3 12h18', 'M12 3c3 3 3 15 0 18', 'M12 3c-3 3-3 15 0 18'],
  key: ['M2.586 17.414A2 2 0 0 0 2 18.828V21a1 1 0 0 0 1 1h3a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h1a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h.172a2 2 0 0 0 1.414-.586l.814-.814a6.5 6.5 0 1 0-4-4z', 'M16.5 7.5h.01'],
  webhook: ['M9 7a3 3 0 1 1 4.5 2.6L16 14', 'M7 18a3 3 0 1 1-1-5.8L8.6 8', 'M14 18a3 3 0 1 0 6 0a3 3 0 1 0-6 0', 'M9 17h5'],
  'calendar-clock': ['M20 10V6a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v13a1 1 0 0 0 1 1h5', 'M4 10h16', 'M8 3v4', 'M16 3v4', 'M17 13a4 4 0 1 0 0 8a4 4 0 1 0 0-8', 'M17 15.5V17l1 1'],
  braces: ['M8 3H7a2 2 0 0 0-2 2v4l-2 3 2 3v4a2 2 0 0 0 2 2h1', 'M16 3h1a2 2 0 0 1 2 2v4l2 3-2 3v4a2 2 0 0 1-2 2h-1'],
  'square-function': ['M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1z', 'M13.5 7.5h-1a2 2 0 0 0-2 2v7', 'M8.5 12h5'],
  zap: ['M13 2L4 14h7l-1 8 9-12h-7z'],
  database: ['M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3', 'M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6', 'M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3'],
  user: ['M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8', 'M4 21a8 8 0 0 1 16 0'],
  'map-pin': ['M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z', 'M12 7a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5'],
  contact: ['M4 4a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1z', 'M12 7.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5', 'M7.5 17.5a4.5 4.5 0 0 1 9 0'],
  image: ['M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1z', 'M9 8a1.5 1.5 0 1 0 0 3a1.5 1.5 0 1 0 0-3', 'M20 15l-5-5L5 20'],
  box: ['M12 3l8 4.5v9L12 21l-8-4.5v-9z', 'M4 7.5l8 4.5 8-4.5', 'M12 12v9'],

  // Editor controls
  undo: ['M9 14L4 9l5-5', 'M4 9h11a5 5 0 0 1 0 10h-3'],
  redo: ['M15 14l5-5-5-5', 'M20 9H9a5 5 0 0 0 0 10h3'],
  layout: ['M9 3h6v5H9z', 'M3 16h6v5H3z', 'M15 16h6v5h-6z', 'M12 8v4', 'M6 16v-4h12v4'],
  fit: ['M4 9V4h5', 'M20 9V4h-5', 'M4 15v5h5', 'M20 15v5h-5'],
  more: ['M5 12h.01', 'M12 12h.01', 'M19 12h.01'],
  search: ['M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14', 'M20 20l-4-4'],
  plus: ['M12 5v14', 'M5 12h14'],
  x: ['M6 6l12 12', 'M18 6L6 18'],
  'log-out': ['M9 21H5a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h4', 'M16 17l5-5-5-5', 'M21 12H9'],
  trash: ['M4 7h16', 'M10 11v6', 'M14 11v6', 'M6 7l1 13h10l1-13', 'M9 7V4h6v3'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  upload: ['M12 16V4', 'M7 9l5-5 5 5', 'M4 16v4h16v-4'],
  download: ['M12 4v12', 'M7 11l5 5 5-5', 'M4 16v4h16v-4'],
  history: ['M3 12a9 9 0 1 0 3-6.7L3 8', 'M3 3v5h5', 'M12 7v5l3 2'],
  activity: ['M22 12h-4l-3 9L9 3l-3 9H2'],
  alert: ['M12 3L2 20h20z', 'M12 10v4', 'M12 17h.01'],
  check: ['M5 12.5l4.5 4.5L19 7'],
  'chevron-left': ['M15 5l-7 7 7 7'],
  'chevron-right': ['M9 5l7 7-7 7'],
  'chevron-down': ['M5 9l7 7 7-7'],
  users: ['M3 20v-1a5 5 0 0 1 5-5h2a5 5 0 0 1 5 5v1', 'M5 7.5a4 4 0 1 0 8 0a4 4 0 1 0-8 0', 'M16 3.5a4 4 0 0 1 0 8', 'M18 14a4 4 0 0 1 3 4v2'],
  'panel-left': ['M4 4h16v16H4z', 'M9 4v16'],
  eye: ['M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12', 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6'],
  'cloud-off': ['M3 3l18 18', 'M7.5 7.6A5 5 0 0 0 7 17h10', 'M10.5 5.3A7 7 0 0 1 17.5 9 4 4 0 0 1 20 16'],
  inbox: ['M22 12h-6l-2 3h-4l-2-3H2', 'M5.5 5.1L2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.5-6.9A2 2 0 0 0 16.8 4H7.2a2 2 0 0 0-1.7 1.1z'],
};

/** Icons of the nodes that do not ship one of ours; also a node type the catalog no longer has. */
export const FALLBACK_ICON = 'box';

export function iconPaths(name: string): readonly string[] {
  return ICON_PATHS[name] ?? ICON_PATHS[FALLBACK_ICON]!;
}
