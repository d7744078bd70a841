export { PhotoroomRemover } from './photoroom-remover.js';
export { RemoveBgRemover } from './remove-bg-remover.js';
export type { THttpRemoverOptions } from './post-for-cutout.js';
