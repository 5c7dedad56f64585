// Renderer entry: mounts the App with the preload's bridge (window.srtCompanion).

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks the #root element.');
createRoot(root).render(
  <StrictMode>
    <App api={window.srtCompanion} />
  </StrictMode>,
);
