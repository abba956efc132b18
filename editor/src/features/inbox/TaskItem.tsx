import { updateTask } from '../../api/notifications';
import type { TaskView } from '../../api/types';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { useAction } from '../../ui/use-action';
import { RelativeTime } from '../runs/RelativeTime';
import { ViewRunLink } from '../runs/ViewRunLink';
import { priorityLabel } from './task-list';

/** One task: its priority, title, description, who has it, when it came, its run and the done toggle. */
export function TaskItem({ task, onChanged }: { task: TaskView; onChanged(task: TaskView): void }) {
  const cannotChange = useRefusal('PATCH', '/api/tasks/:id', 'change tasks');
  const { busy, error, run } = useAction();
  const done = task.status === 'done';
  const toggle = () => run(async () => onChanged(await updateTask(task.id, { status: done ? 'open' : 'done' })));

  return (
    <li className={`inbox-task inbox-task-${task.priority}${done ? ' inbox-task-done' : ''}`} data-testid="task-row" data-task-id={task.id} data-priority={task.priority} data-status={task.status}>
      <span className={`badge inbox-priority inbox-priority-${task.priority}`}>
        <span className="visually-hidden">Priority: </span>
        {priorityLabel(task.priority)}
      </span>
      <div className="inbox-task-main">
        <h3 className="inbox-task-title">
          {task.title}
          {task.isTest ? <span className="badge badge-test" title="From a test run">test</span> : null}
        </h3>
        {task.description ? <p className="inbox-task-description">{task.description}</p> : null}
        <p className="inbox-meta">
          <span>{task.assignee ? <>Assigned to <strong>{task.assignee}</strong></> : <span className="muted">Unassigned</span>}</span>
          <span>
            <RelativeTime iso={task.createdAt} prefix="Created" />
          </span>
          {done && task.completedAt ? (
            <span>
              <RelativeTime iso={task.completedAt} prefix="Done" />
            </span>
          ) : null}
          {task.runId ? (
            <span>
              <ViewRunLink runId={task.runId} flowId={task.flowId} />
            </span>
          ) : null}
        </p>
        <FormError message={error} />
      </div>
      <Button variant={done ? 'ghost' : 'secondary'} busy={busy} onClick={() => void toggle()} disabled={Boolean(cannotChange)} title={cannotChange} className="inbox-task-action" aria-label={`${done ? 'Reopen' : 'Mark done'}: ${task.title}`}>
        {done ? 'Reopen' : 'Mark done'}
      </Button>
    </li>
  );
}
