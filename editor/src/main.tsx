import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { legacyLink } from './app/router';
import './app/app.css';
import '@xyflow/react/dist/style.css';

// An old run link (`/runs/<id>`, a path) becomes its hash route before anything reads the route.
const landed = legacyLink(window.location.pathname, window.location.search);
if (landed) window.history.replaceState(null, '', landed);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
