// The stopword package ships no type declarations; this is the one list the analyser uses.
declare module "stopword" {
  export const eng: string[];
}
