/** Playbook data (rules/playbooks/*.yaml) and the plan it produces. */
export interface PlaybookContext {
  readonly mechanism: string;
  readonly identity?: string;
  readonly issue?: string;
  readonly ttl?: { readonly default?: string; readonly max?: string };
  readonly scope?: string;
  readonly artifact?: string;
}

export interface Playbook {
  readonly id: string;
  readonly name: string;
  readonly federation: "full" | "partial" | "none";
  readonly revoke: { readonly how: string; readonly url?: string; readonly api?: string };
  readonly contexts: Readonly<Record<string, PlaybookContext>>;
  readonly interim?: readonly string[];
  readonly policy?: string;
  readonly audit?: string;
  readonly frameworks?: Readonly<Record<string, readonly string[]>>;
  readonly references: readonly {
    readonly title: string;
    readonly url: string;
    readonly verified?: string;
  }[];
}

export interface PlanLocation {
  readonly path: string;
  readonly line: number;
  readonly exposure: string;
  readonly context: string;
  readonly keyPath: string | null;
  readonly client: string | null;
  readonly server: string | null;
  readonly commit: string | null;
}

export interface PlanStep {
  readonly id: "revoke" | "remove" | "identity" | "issue" | "policy" | "revoke-on-completion" | "audit";
  readonly title: string;
  readonly detail: string;
}

export interface PlanItem {
  readonly secretId: string;
  readonly ruleId: string;
  readonly credential: string;
  readonly provider: string;
  readonly priority: "P0" | "P1" | "P2" | "P3";
  readonly reasons: readonly string[];
  readonly owner: string | null;
  readonly locations: readonly PlanLocation[];
  readonly context: string;
  readonly playbook: string;
  readonly federation: "full" | "partial" | "none";
  readonly target: PlaybookContext;
  readonly steps: readonly PlanStep[];
  readonly interim: readonly string[];
  readonly artifacts: readonly {
    readonly kind: string;
    readonly title: string;
    readonly language: string;
    readonly content: string;
  }[];
  readonly frameworks: Readonly<Record<string, readonly string[]>>;
  readonly references: readonly {
    readonly title: string;
    readonly url: string;
    readonly verified?: string;
  }[];
}

export interface Plan {
  readonly version: 1;
  readonly target: string;
  readonly summary: {
    readonly credentials: number;
    readonly federationToday: number;
    readonly interimControls: number;
    readonly byPriority: Readonly<Record<string, number>>;
  };
  readonly items: readonly PlanItem[];
}
