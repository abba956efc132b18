import { useMemo, useState } from 'react';
import type { FunctionFormat } from '@switchboard/shared';
import { api } from '../../api/client';
import type { NodeDescription } from '../../api/types';
import { useFlowEditor } from '../../store/flow-store';
import { useResource } from '../../ui/use-resource';
import { CopyButton } from '../runs/CopyButton';
import { CodeSample } from './CodeSample';
import { FunctionStatusLine } from './FunctionStatusLine';
import { TOOL_FORMATS, curlCommand, exampleInvocation, formatToolDefinition, functionStatus, invokeUrl, toolDefinition, toolsUrl } from './function-tool';

/** A tool name the engine accepts: without one, there is no URL to show. */
const FUNCTION_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Under an in-call function's form: the tool definition the agent will see, built live from the
 * form; the invoke URL; an example call; and whether the function is live (`GET /api/functions`,
 * fetched again when the flow is published or unpublished).
 */
export function FunctionToolSection({ nodeId, config, description }: { nodeId: string; config: Record<string, unknown>; description: NodeDescription }) {
  const flowId = useFlowEditor((state) => state.flowId);
  const flowStatus = useFlowEditor((state) => state.status);
  const publishedVersionId = useFlowEditor((state) => state.publishedVersionId);
  const functions = useResource(() => api.get('/api/functions'), [flowStatus, publishedVersionId]);

  const tool = useMemo(() => toolDefinition(config, description.configSchema), [config, description.configSchema]);
  const name = tool.function.name;
  const validName = FUNCTION_NAME.test(name);
  // Until the engine answers, the page's own address (the engine serves the editor); PUBLIC_URL may differ.
  const template = functions.data?.invokeUrlTemplate ?? `${window.location.origin}/api/functions/{name}/invoke`;
  const url = invokeUrl(template, name);
  // The platform the team's agent runs on: the definition, its URL and where the key goes follow it.
  const [format, setFormat] = useState<FunctionFormat>('openai');
  const timeoutMs = config.timeoutMs ?? description.configSchema.properties?.timeoutMs?.default;
  const shown = useMemo(() => formatToolDefinition(format, tool, timeoutMs, template), [format, tool, timeoutMs, template]);
  const toolJson = JSON.stringify(shown.definition, null, 2);
  const curl = useMemo(() => curlCommand(url, exampleInvocation(tool.function.parameters)), [url, tool.function.parameters]);
  const status = functions.data && flowId ? functionStatus(functions.data, flowId, flowStatus === 'published', { tool, timeoutMs: config.timeoutMs ?? description.configSchema.properties?.timeoutMs?.default, agents: config.agents }) : null;
  const agents = Array.isArray(config.agents) ? config.agents.filter((agent): agent is string => typeof agent === 'string' && agent !== '') : [];
  const headingId = `nc-${nodeId}-function-heading`;

  return (
    <section className="nc-fn" aria-labelledby={headingId} data-testid="function-tool">
      <h3 id={headingId}>What the agent sees</h3>
      {status ? (
        <FunctionStatusLine status={status} name={name} />
      ) : functions.error ? (
        <p className="nc-fn-status is-draft">Could not check whether it is live: {functions.error}</p>
      ) : (
        <p className="nc-fn-status is-draft">Checking whether it is live…</p>
      )}

      <div className="nc-fn-url">
        <span className="nc-code-sample-label" id={`${headingId}-url`}>
          Invoke URL <span className="nc-arg-muted">POST, with the workspace’s API key</span>
        </span>
        {validName ? (
          <div className="nc-fn-url-row">
            <code aria-labelledby={`${headingId}-url`} data-testid="function-invoke-url">
              {url}
            </code>
            <CopyButton text={url} label="Copy invoke URL" />
          </div>
        ) : (
          <p className="nc-warning">Give the function a snake_case name first: the URL ends with it.</p>
        )}
      </div>

      <div className="nc-fn-formats" role="radiogroup" aria-label="Voice platform" data-testid="function-tool-format">
        {TOOL_FORMATS.map((option) => (
          <label key={option.format} className={option.format === format ? 'is-selected' : undefined}>
            <input type="radio" name={`${headingId}-format`} value={option.format} checked={option.format === format} onChange={() => setFormat(option.format)} />
            {option.label}
          </label>
        ))}
      </div>
      <CodeSample id={`${headingId}-tool`} label="Tool definition" text={toolJson} testId="function-tool-definition" />
      {format === 'openai' ? (
        <p className="hint nc-fn-note">
          The OpenAI function-calling format: register it with the voice agent as it is, or have the platform fetch every live tool
          {agents.length > 0 ? ' offered to the first agent listed above' : ''}: <code>GET {toolsUrl(template, agents)}</code>
        </p>
      ) : (
        <p className="hint nc-fn-note" data-testid="function-tool-auth">
          {TOOL_FORMATS.find((option) => option.format === format)!.label}’s own format: it calls <code>{validName ? shown.url : '…'}</code> and gets its answer shape back. {shown.authorization} Every live
          tool in this format: <code>GET {toolsUrl(template, agents, format)}</code>
        </p>
      )}

      <details className="nc-fn-example">
        <summary>Example call</summary>
        <CodeSample id={`${headingId}-curl`} label="curl" text={curl} testId="function-curl" />
        <p className="hint nc-fn-note">
          Sample arguments from the schema; set <code>SWITCHBOARD_API_KEY</code> to an API key of this workspace. The answer is the body of the first Respond step that runs, within the timeout.
        </p>
      </details>
    </section>
  );
}
