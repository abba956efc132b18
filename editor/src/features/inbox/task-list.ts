import type { TaskPriority, TaskStatus, TaskView } from '../../api/types';

/** Priorities in words, most pressing first. */
export const PRIORITIES: ReadonlyArray<{ value: TaskPriority; label: string }> = [
  { value: 'urgent', label: 'Urgent' },
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
];

export function priorityLabel(priority: string): string {
  return PRIORITIES.find((item) => item.value === priority)?.label ?? priority;
}

function newestFirst(a: TaskView, b: TaskView): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The tasks to show for a status filter: the polled list with the changes made here applied
 * (each task at whichever state is newer by `updatedAt`), so "Mark done" takes effect at once
 * and a poll that started before it cannot undo it. A task changed to another status leaves
 * the list; one changed into this status (an undo) joins it. Newest first.
 */
export function visibleTasks(listed: readonly TaskView[], changed: ReadonlyMap<string, TaskView>, status: TaskStatus): TaskView[] {
  const byId = new Map(listed.map((task) => [task.id, task]));
  for (const task of changed.values()) {
    const current = byId.get(task.id);
    if (!current || current.updatedAt <= task.updatedAt) byId.set(task.id, task);
  }
  return [...byId.values()].filter((task) => task.status === status).sort(newestFirst);
}

/** Counts per priority, for the summary above the open tasks ("2 urgent · 3 high"). */
export function prioritySummary(tasks: readonly TaskView[]): string {
  const counts = new Map<TaskPriority, number>();
  for (const task of tasks) counts.set(task.priority, (counts.get(task.priority) ?? 0) + 1);
  return PRIORITIES.filter((item) => counts.has(item.value))
    .map((item) => `${counts.get(item.value)} ${item.label.toLowerCase()}`)
    .join(' · ');
}
