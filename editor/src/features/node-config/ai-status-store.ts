import { getAiStatus } from '../../api/notifications';
import { createLoadOnceStore } from './load-once-store';

/** The engine-wide AI model (it changes only with the engine's settings, so it is fetched once). */
export const useAiStatus = createLoadOnceStore(getAiStatus);
