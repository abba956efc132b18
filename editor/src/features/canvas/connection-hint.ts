import { create } from 'zustand';

/** Why the connection being drawn would be refused, while it is drawn (canvas-local, not the document). */
export const useConnectionHint = create<{ reason: string | null }>(() => ({ reason: null }));
