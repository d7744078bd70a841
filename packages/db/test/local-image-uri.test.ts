import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localImageUri } from '../src/util/local-image-uri.js';

const root = join('/srv', 'projects', 'noir');

describe('a reference item content_uri as a local image path', () => {
  it('resolves relative paths against the project root and accepts absolute paths and file:// URIs', () => {
    expect(localImageUri(' refs/hero.PNG ', root)).toEqual({ kind: 'path', path: join(root, 'refs/hero.PNG') });
    expect(localImageUri('/data/hero.jpg', root)).toEqual({ kind: 'path', path: '/data/hero.jpg' });
    expect(localImageUri(pathToFileURL('/data/hero side.webp').href, root)).toEqual({ kind: 'path', path: '/data/hero side.webp' });
  });

  it.each([
    ['https://example.com/hero.png', 'remote images are not downloaded'],
    ['HTTP://example.com/hero.png', 'remote images are not downloaded'],
    ['s3://bucket/hero.png', 'unsupported URI scheme "s3"'],
    ['file://remote-host/hero.png', 'not a valid file:// URI'],
    ['refs/hero-notes.txt', 'not an image file'],
  ])('skips %s: %s', (uri, reason) => {
    expect(localImageUri(uri, root)).toEqual({ kind: 'skipped', reason });
  });
});
