/** Written into every WARC and manifest; bump with package.json. */
export const VERBATIM_VERSION = '0.1.0';
