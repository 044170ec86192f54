// stopword 3 ships no type declarations; McDewey uses only its English list.
declare module 'stopword' {
  export const eng: string[];
}
