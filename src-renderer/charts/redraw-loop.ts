/**
 * One requestAnimationFrame loop for every chart: each registered task runs at most once per frame,
 * and decides itself whether anything changed (so a chart does at most one setData per frame).
 */
const tasks = new Set<() => void>();
let handle = 0;

function loop(): void {
  handle = 0;
  for (const task of tasks) task();
  if (tasks.size > 0) handle = requestAnimationFrame(loop);
}

/** Run `task` every animation frame until the returned function is called. */
export function onAnimationFrame(task: () => void): () => void {
  tasks.add(task);
  if (handle === 0) handle = requestAnimationFrame(loop);
  return () => {
    tasks.delete(task);
    if (tasks.size === 0 && handle !== 0) {
      cancelAnimationFrame(handle);
      handle = 0;
    }
  };
}
