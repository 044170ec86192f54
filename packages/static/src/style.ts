/** The site's one stylesheet (written to `assets/style.css`): the same one the web app serves. */
export { STYLESHEET as STYLE_CSS } from '@mcdewey/pages';
