import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../api/types';
import { priorityLabel, prioritySummary, visibleTasks } from './task-list';

const task = (id: string, createdAt: string, patch: Partial<TaskView> = {}): TaskView => ({
  id, title: `Task ${id}`, description: '', priority: 'medium', status: 'open', assignee: null, runId: null, flowId: null, conversationId: null, isTest: false,
  createdAt, updatedAt: createdAt, completedAt: null, ...patch,
});

describe('visibleTasks', () => {
  const listed = [task('b', '2026-01-01T10:02:00Z'), task('a', '2026-01-01T10:01:00Z')];

  it('shows the list as polled when nothing changed here', () => {
    expect(visibleTasks(listed, new Map(), 'open').map((item) => item.id)).toEqual(['b', 'a']);
  });

  it('drops a task marked done from the open tasks at once', () => {
    const done = task('b', '2026-01-01T10:02:00Z', { status: 'done', updatedAt: '2026-01-01T11:00:00Z', completedAt: '2026-01-01T11:00:00Z' });
    expect(visibleTasks(listed, new Map([['b', done]]), 'open').map((item) => item.id)).toEqual(['a']);
  });

  it('brings back a reopened task (an undo) in its place', () => {
    const reopened = task('c', '2026-01-01T10:01:30Z', { updatedAt: '2026-01-01T11:00:00Z' });
    expect(visibleTasks(listed, new Map([['c', reopened]]), 'open').map((item) => item.id)).toEqual(['b', 'c', 'a']);
  });

  it('lets a newer answer of the engine win over an older change made here', () => {
    const changedHere = task('b', '2026-01-01T10:02:00Z', { status: 'done', updatedAt: '2026-01-01T11:00:00Z' });
    const reopenedElsewhere = task('b', '2026-01-01T10:02:00Z', { status: 'open', updatedAt: '2026-01-01T12:00:00Z' });
    expect(visibleTasks([reopenedElsewhere], new Map([['b', changedHere]]), 'open').map((item) => item.id)).toEqual(['b']);
  });

  it('keeps a change made here over a poll that started before it', () => {
    const stale = task('b', '2026-01-01T10:02:00Z');
    const done = task('b', '2026-01-01T10:02:00Z', { status: 'done', updatedAt: '2026-01-01T11:00:00Z' });
    expect(visibleTasks([stale], new Map([['b', done]]), 'open')).toEqual([]);
    expect(visibleTasks([], new Map([['b', done]]), 'done').map((item) => item.id)).toEqual(['b']);
  });
});

describe('priorities', () => {
  it('are named and summed up, most pressing first', () => {
    expect(priorityLabel('urgent')).toBe('Urgent');
    const tasks = [task('a', 'x', { priority: 'low' }), task('b', 'x', { priority: 'urgent' }), task('c', 'x', { priority: 'urgent' }), task('d', 'x', { priority: 'high' })];
    expect(prioritySummary(tasks)).toBe('2 urgent · 1 high · 1 low');
    expect(prioritySummary([])).toBe('');
  });
});
