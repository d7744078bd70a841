export { readPngTextChunks, writePngTextChunks } from './text-chunks.js';
