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

/**
 * Draws, then runs step and draws again every ms until the user leaves the view (live.js,
 * cache.js); resolves after the first step. step records its own errors for draw to show.
 */
export async function refreshEvery(ms, step, draw) {
  let timer = null;
  let stopped = false;
  const tick = async () => {
    await step();
    if (stopped) return;
    draw();
    timer = setTimeout(tick, ms);
  };
  onLeave(() => {
    stopped = true;
    clearTimeout(timer);
  });
  draw();
  await tick();
}
