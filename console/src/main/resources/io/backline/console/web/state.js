// What the views share: who is signed in, and what to stop when the user leaves a view.

/** The token's id, scope and services, from GET /tokens/self at sign-in. */
export const identity = { scope: null, services: [], id: null };

/** Whether the token may write; a read-only token gets no write controls anywhere. */
export const canWrite = () => identity.scope === 'global';

/** Whether the token may create services: Fastly refuses that to a token restricted to some services. */
export const canCreateServices = () => canWrite() && identity.services.length === 0;

let leaving = [];

/** Runs fn when the user leaves the current view (live refresh timers stop there). */
export const onLeave = (fn) => leaving.push(fn);

export function leave() {
  const pending = leaving;
  leaving = [];
  pending.forEach((fn) => fn());
}
