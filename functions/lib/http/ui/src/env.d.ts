/** Stylesheets are bundled by esbuild, not imported at run time. */
declare module '*.css';
