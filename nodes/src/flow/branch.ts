import { z } from 'zod';
import { defineAction } from '../sdk/define';
import { condition, variableName } from '../sdk/fields';

export const ELSE_HANDLE = 'else';
/** Handle names a branch key may not take: the branch's own fallback and the engine's. */
const RESERVED_KEYS = new Set([ELSE_HANDLE, 'default', 'error']);

const branchItem = z.object({
  key: variableName('The name of this path, used for its handle, e.g. interested').superRefine((key, ctx) => {
    if (RESERVED_KEYS.has(key)) ctx.addIssue({ code: 'custom', message: `"${key}" is reserved; choose another name` });
  }),
  label: z.string().optional().describe('What the editor shows on this path, e.g. Interested'),
  condition: condition('When this path is taken', { required: true }),
});

const config = z.object({
  branches: z
    .array(branchItem)
    .min(1, 'Add at least one path')
    .superRefine((branches, ctx) => {
      const seen = new Set<string>();
      branches.forEach((branch, index) => {
        if (seen.has(branch.key)) ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `Two paths are called "${branch.key}"; each needs its own name` });
        seen.add(branch.key);
      });
    })
    .describe('The paths in order; the first whose condition holds is taken, and "else" when none does'),
});

export const branch = defineAction({
  type: 'flow.branch',
  typeVersion: 1,
  title: 'Branch',
  description: 'Sends the flow down the first path whose condition holds, e.g. Interested or Follow-up, and down "else" when none does.',
  category: 'Flow',
  icon: 'git-branch',
  config,
  dynamicOutputs: { from: 'branches', key: 'key' },
  outputs: [ELSE_HANDLE],
  sideEffect: false,
  sampleOutput: { branch: 'interested' },
  execute(ctx) {
    const taken = ctx.config.branches.find((candidate) => ctx.evaluate(candidate.condition));
    return taken ? { handle: taken.key, output: { branch: taken.key } } : { handle: ELSE_HANDLE, output: { branch: ELSE_HANDLE } };
  },
});
