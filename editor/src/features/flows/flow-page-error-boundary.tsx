import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorState } from '../../ui/States';

interface Props {
  /** What the panel shows: a change (another node) gives it a fresh start. */
  resetKey: string;
  children: ReactNode;
}

/**
 * Keeps a failing panel (the settings form, the runs) from taking the canvas down with it:
 * the panel shows the error and a retry, the rest of the editor keeps working.
 */
export class PanelErrorBoundary extends Component<Props, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('A side panel failed', error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <ErrorState message={`This panel could not be shown: ${this.state.error.message}`} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
