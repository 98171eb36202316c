// Lambda entry point: wiring only. Filled in by the capture pipeline work.
export const handler = async (): Promise<void> => {};
