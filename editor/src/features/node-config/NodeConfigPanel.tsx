import { useCallback, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describe, useCatalog } from '../../store/catalog-store';
import { problemsOf, useFlowEditor } from '../../store/flow-store';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/States';
import { Icon } from '../canvas/Icon';
import { AiStatusNote } from './AiStatusNote';
import { FUNCTION_TRIGGER } from './function-tool';
import { EventIntakeSection } from './EventIntakeSection';
import { ExpectButtonsSection } from './ExpectButtonsSection';
import { FunctionToolSection } from './FunctionToolSection';
import { NodeLabel } from './NodeLabel';
import { currentProblems } from './problem-display';
import { ProblemList } from './ProblemList';
import { RespondCallerNote } from './RespondCallerNote';
import { RetrySection } from './RetrySection';
import { SchemaForm } from './SchemaForm';
import { configModel } from './schema-model';
import { variablesFor } from './variables';
import { WebhookUrlNote } from './WebhookUrlNote';
import './node-config.css';

/**
 * The settings of one node: its header (icon, title, type, id, label, description), its
 * problems, the generic form of its config, retries for actions, and "Delete node". It
 * subscribes to this node and its problems only, so editing one node re-renders nothing else.
 */
export function NodeConfigPanel({ nodeId }: { nodeId: string }) {
  const node = useFlowEditor((state) => state.graph.nodes.find((candidate) => candidate.id === nodeId));
  const allProblems = useFlowEditor(useShallow((state) => problemsOf(state.problems, nodeId)));
  const setConfig = useFlowEditor((state) => state.setConfig);
  const setNodeName = useFlowEditor((state) => state.setNodeName);
  const removeElements = useFlowEditor((state) => state.removeElements);
  // The catalog is loaded before flows open; this re-renders if it is reloaded.
  useCatalog((state) => state.byVersion);
  const description = node ? describe(node.type, node.typeVersion) : undefined;
  const model = useMemo(() => (description ? configModel(description.configSchema) : null), [description]);
  const variables = useCallback(() => variablesFor(useFlowEditor.getState().graph, nodeId, describe), [nodeId]);
  const config = node?.config ?? EMPTY;
  // The config the current problems were found in: a field edited since may be fixed already.
  const validated = useRef({ problems: allProblems, config });
  if (validated.current.problems !== allProblems) validated.current = { problems: allProblems, config };
  const problems = useMemo(() => currentProblems(allProblems, validated.current.config, config), [allProblems, config]);
  const onConfig = useCallback((next: Record<string, unknown>) => setConfig(nodeId, next), [nodeId, setConfig]);

  if (!node) {
    return (
      <aside key={nodeId} className="nc-panel" aria-label="Node settings">
        <EmptyState title="This step no longer exists">It was deleted or renamed. Select another step on the canvas.</EmptyState>
      </aside>
    );
  }

  const title = description?.title ?? node.type;
  const retry = isRecord(config.retry) ? config.retry : node.retry;

  return (
    // Keyed by node: field drafts (a half-typed number, unfinished condition rows) never carry over to another node.
    <aside key={nodeId} className="nc-panel" aria-label="Node settings" data-node-id={nodeId}>
      <header className="nc-header">
        <div className="nc-title-row">
          <span className={`nc-icon nc-icon-${description?.kind ?? 'unknown'}`} aria-hidden="true">
            <Icon name={description?.icon ?? 'box'} size={20} />
          </span>
          <div className="nc-title">
            <h2>{title}</h2>
            <p className="nc-meta">
              <span className={`badge nc-kind-${description?.kind ?? 'unknown'}`}>{description?.kind === 'trigger' ? 'Trigger' : description ? 'Action' : 'Unknown'}</span>
              <code title="Node type">{node.type}</code>
              <span className="nc-id" title="Later steps read this step's output as {{steps.<id>.…}}">
                ID <code>{node.id}</code>
              </span>
            </p>
          </div>
        </div>
        <NodeLabel key={node.id} nodeId={node.id} name={node.name ?? ''} placeholder={title} onCommit={(name) => setNodeName(node.id, name)} />
        {description?.description ? <p className="nc-description">{description.description}</p> : null}
        {description?.kind === 'action' ? (
          <p className="hint nc-output-hint">
            Later steps use its output as <code>{`{{steps.${node.id}.…}}`}</code>.
          </p>
        ) : null}
        {description ? <AiStatusNote description={description} /> : null}
        {description?.answersCaller ? <RespondCallerNote /> : null}
        {node.type === 'webhook.received' ? (
          <WebhookUrlNote path={typeof config.path === 'string' ? config.path : String(description?.configSchema.properties?.path?.default ?? '')} signed={typeof config.secret === 'string'} />
        ) : null}
      </header>

      <ProblemList nodeId={node.id} problems={problems} model={model} />

      {description ? (
        <SchemaForm nodeId={node.id} schema={description.configSchema} config={config} problems={problems} onChange={onConfig} variables={variables} />
      ) : (
        <div className="nc-form">
          <p className="form-error" role="alert">
            “{node.type}” (version {node.typeVersion ?? 1}) is not in this engine's node catalog, so it cannot be set up here. Delete it or import the flow into an engine that has it.
          </p>
        </div>
      )}

      {/* An in-call function: what its form makes of it for the voice agent. */}
      {description && node.type === FUNCTION_TRIGGER ? <FunctionToolSection nodeId={node.id} config={config} description={description} /> : null}
      {/* A finished call: where the telephony platform sends it, and a test event for the live version. */}
      {description && node.type === 'call.completed' ? <EventIntakeSection nodeId={node.id} description={description} /> : null}

      {/* A wait after buttons: fill in the ids to expect, one path each. */}
      {description && node.type === 'flow.wait_for_reply' ? <ExpectButtonsSection nodeId={node.id} config={config} /> : null}

      {description?.kind === 'action' && description.retry ? (
        <RetrySection
          nodeId={node.id}
          defaults={description.retry}
          retry={retry}
          problems={problems}
          onChange={(next) => {
            const { retry: _old, ...rest } = config;
            onConfig(next ? { ...rest, retry: next } : rest);
          }}
        />
      ) : null}

      <footer className="nc-footer">
        <Button variant="danger" onClick={() => removeElements([node.id], [])}>
          Delete node
        </Button>
        <span className="hint">Undo with Ctrl+Z.</span>
      </footer>
    </aside>
  );
}

const EMPTY: Record<string, unknown> = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
