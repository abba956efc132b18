import { useMemo } from 'react';
import { accessOf, allows, refusal, type Access } from './permissions';
import { useSession } from './session-store';

/** What the signed-in session may do (see `permissions.ts`). */
export function useAccess(): Access {
  const me = useSession((state) => state.me);
  return useMemo(() => accessOf(me), [me]);
}

/** Whether the session may call `method path` (the contract's pattern). */
export function useAllows(method: string, path: string): boolean {
  return allows(useAccess(), method, path);
}

/**
 * Why the session may not call `method path`, for a disabled button's title ("Viewers can't
 * publish"); undefined when it may.
 *
 * @example const denied = useRefusal('POST', '/api/flows/:id/publish', 'publish'); <Button disabled={Boolean(denied)} title={denied} />
 */
export function useRefusal(method: string, path: string, doing: string): string | undefined {
  return refusal(useAccess(), method, path, doing);
}
