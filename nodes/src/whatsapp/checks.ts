import type { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { isDesignTime, isTemplate } from '../sdk/fields';

/** One broken rule of a WhatsApp message: the field (`list.sections[0].rows[1].title`) and what to fix. */
export interface Violation {
  field: string;
  message: string;
  code: 'CONFIG_INVALID' | 'MESSAGE_TOO_LONG';
}

/**
 * Meta's limits, checked in one place for both moments: at design time (publish, validate) on
 * what is statically known — a `{{ }}` value's length is only known after rendering, so it is
 * skipped — and at run time on the rendered config, before anything is sent. Messages name the
 * field, so the operator fixes the right one instead of reading Meta's error 131009.
 */
export class Checks {
  readonly violations: Violation[] = [];

  constructor(readonly designTime: boolean) {}

  /** Whether the value is known now: text that is not (at design time) a template. */
  known(value: unknown): value is string {
    return typeof value === 'string' && !(this.designTime && isTemplate(value));
  }

  /** WhatsApp counts characters, not UTF-16 units: an emoji is one character. */
  length(field: string, value: string | undefined, max: number, code: Violation['code'] = 'CONFIG_INVALID'): void {
    if (!this.known(value)) return;
    const length = [...value].length;
    if (length > max) this.fail(field, `${field} has ${length} characters; WhatsApp allows at most ${max}`, code);
  }

  /** A rendered value that must not be empty (design time leaves that to the schema's `required`). */
  filled(field: string, value: string | undefined): void {
    if (this.designTime) return;
    if (!value || value.trim() === '') this.fail(field, `${field} is empty; check that its variables have values for this run`);
  }

  fail(field: string, message: string, code: Violation['code'] = 'CONFIG_INVALID'): void {
    this.violations.push({ field, message, code });
  }

  /** Run time: the first violation as the step's error. */
  throwFirst(): void {
    const first = this.violations[0];
    if (first) throw new StepError(first.code, first.message);
  }
}

/** Runs `check` on the rendered config; throws the first violation as a `StepError`. */
export function runTimeCheck<Config>(config: Config, check: (config: Config, checks: Checks) => void): void {
  const checks = new Checks(false);
  check(config, checks);
  checks.throwFirst();
}

/**
 * A `superRefine` that reports every violation at design time, each at its field's path; at run
 * time it does nothing (the node checks the rendered config itself, with its own error codes).
 */
export function designTimeCheck<Config>(check: (config: Config, checks: Checks) => void) {
  return (config: Config, ctx: z.RefinementCtx): void => {
    if (!isDesignTime()) return;
    const checks = new Checks(true);
    check(config, checks);
    for (const violation of checks.violations) ctx.addIssue({ code: 'custom', path: pathOf(violation.field), message: violation.message });
  };
}

/** `list.sections[0].title` → `['list', 'sections', 0, 'title']` (the inverse of `fieldPath`). */
export function pathOf(field: string): (string | number)[] {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] !== undefined ? Number(match[2]) : match[1]!));
}

/** A public http(s) link with a host and no spaces (nodes run without the URL global). */
export const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
