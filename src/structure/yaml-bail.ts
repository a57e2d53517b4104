/** The fast YAML path's way out: thrown at whatever the yaml library alone judges, caught to decline. */
class Bail extends Error {}

/** Thrown to decline: the yaml library decides the text. */
export const BAIL = new Bail();
