/** torch's surface as this engine evaluates it (ModelHost.surface), set up as for any file, with nothing read. */
import { Session } from '../eval/session';

export function torchSurface(): Record<string, string[]> {
  return new Session({ read: () => undefined }, '/surface.py').surface();
}
