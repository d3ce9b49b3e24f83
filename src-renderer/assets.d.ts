/** Vite's ?raw imports: the file's text (used for the bundled GeoJSON base layer). */
declare module '*?raw' {
  const text: string;
  export default text;
}
