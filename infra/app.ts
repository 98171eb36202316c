import { createVerbatimApp } from './verbatim-app.js';

createVerbatimApp().app.synth();
