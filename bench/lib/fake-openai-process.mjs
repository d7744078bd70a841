// The fake OpenAI images server in a child process of its own: it records every call with its uploaded images, so
// in the bench's process it would add ~5 MB per call to the RSS measured and compete for the event loop.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CHILD_FLAG = '--fake-openai-child';

/** Starts the child; resolves with its URL, a `stats()` query (calls and their statuses) and `close()`. */
export async function startFakeOpenAIProcess({ latencyMs }) {
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, String(latencyMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = await once(child, 'message');
  const ask = async (type) => {
    child.send({ type });
    const [answer] = await once(child, 'message');
    return answer;
  };
  return {
    url: ready.url,
    stats: () => ask('stats'),
    close: async () => {
      await ask('close');
      child.disconnect();
    },
  };
}

async function serve(latencyMs) {
  const { startFakeOpenAIImagesServer } = await import('@kroma/adapters/testing');
  const fake = await startFakeOpenAIImagesServer({ latencyMs });
  process.on('message', async (message) => {
    if (message.type === 'stats') {
      const statuses = {};
      for (const call of fake.calls) statuses[call.status] = (statuses[call.status] ?? 0) + 1;
      process.send({ calls: fake.calls.length, statuses });
    } else if (message.type === 'close') {
      await fake.close();
      process.send({ closed: true });
    }
  });
  process.send({ url: fake.url });
}

if (process.argv[2] === CHILD_FLAG) await serve(Number(process.argv[3]));
