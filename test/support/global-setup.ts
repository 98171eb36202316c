/**
 * Unpacks @sparticuz/chromium once before the test workers start. On a fresh machine two workers
 * unpacking it at the same moment race: one spawns the binary while the other is still writing it
 * (`spawn ETXTBSY`).
 */
export default async function setup(): Promise<void> {
  const { default: sparticuz } = await import('@sparticuz/chromium');
  await sparticuz.executablePath();
}
