import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { listTasks, updateTask } from '../../api/notifications';
import type { TaskStatus, TaskView } from '../../api/types';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { usePolled } from '../runs/use-polled';
import { Segmented } from '../../ui/Segmented';
import { TaskItem } from './TaskItem';
import { prioritySummary, visibleTasks } from './task-list';

const FILTERS: ReadonlyArray<{ value: TaskStatus; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
];

/** New tasks come from runs: the list is fetched again this often while it is shown. */
const TASKS_POLL_MS = 10_000;

/** Follow-up tasks, open or done, each with "Mark done" or "Reopen" (and an undo right after). */
export function TasksSection() {
  const [status, setStatus] = useState<TaskStatus>('open');
  const list = usePolled(() => listTasks(status), [status], () => TASKS_POLL_MS);
  const [changed, setChanged] = useState<ReadonlyMap<string, TaskView>>(() => new Map());
  const [moved, setMoved] = useState<TaskView | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [undoing, setUndoing] = useState(false);
  const tasks = useMemo(() => visibleTasks(list.data?.tasks ?? [], changed, status), [list.data, changed, status]);

  const onChanged = (task: TaskView) => {
    setChanged((current) => new Map(current).set(task.id, task));
    setMoved(task.status === status ? null : task);
    setUndoError(null);
    list.reload();
  };

  const undo = async (task: TaskView) => {
    setUndoing(true);
    setUndoError(null);
    try {
      onChanged(await updateTask(task.id, { status: task.status === 'done' ? 'open' : 'done' }));
    } catch (error) {
      setUndoError(errorMessage(error));
    } finally {
      setUndoing(false);
    }
  };

  return (
    <section className="inbox-section" aria-label="Tasks">
      <div className="inbox-toolbar">
        <Segmented
          label="Task status"
          name="inbox-task-status"
          value={status}
          options={FILTERS}
          onChange={(next) => {
            setStatus(next);
            setMoved(null);
          }}
        />
        {status === 'open' && tasks.length > 0 ? <span className="muted small">{prioritySummary(tasks)}</span> : null}
        {list.error && list.data ? (
          <span className="inbox-stale" role="status">
            Could not refresh: {list.error}
          </span>
        ) : null}
      </div>
      {moved ? (
        <p className="inbox-undo" role="status">
          “{moved.title}” {moved.status === 'done' ? 'marked done' : 'reopened'}.{' '}
          <button type="button" className="link-button" onClick={() => void undo(moved)} disabled={undoing}>
            Undo
          </button>
          {undoError ? <span className="form-error"> {undoError}</span> : null}
        </p>
      ) : null}
      {list.loading ? (
        <Loading label="Loading tasks…" />
      ) : list.error && !list.data ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : tasks.length === 0 ? (
        <EmptyState title={status === 'open' ? 'No open tasks' : 'No done tasks yet'}>
          {status === 'open' ? 'Nothing to follow up. Tasks appear here when a flow runs a “Create task” step.' : 'Tasks you mark done show here.'}
        </EmptyState>
      ) : (
        <ul className="inbox-list" aria-label={status === 'open' ? 'Open tasks' : 'Done tasks'}>
          {tasks.map((task) => (
            <TaskItem key={task.id} task={task} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}
