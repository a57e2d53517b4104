/** The runtime context of a location, from its path and file kind (pure). Picks the target mechanism. */
import type { Finding } from "../types.js";

export type RuntimeContext =
  | "github-actions"
  | "gitlab-ci"
  | "ci-other"
  | "kubernetes"
  | "terraform"
  | "docker"
  | "mcp-config"
  | "agent-instructions"
  | "notebook"
  | "home"
  | "application";

export const CONTEXT_LABEL: Record<RuntimeContext, string> = {
  "github-actions": "GitHub Actions workflow",
  "gitlab-ci": "GitLab CI pipeline",
  "ci-other": "CI pipeline",
  kubernetes: "Kubernetes manifest / Helm values",
  terraform: "Terraform",
  docker: "Dockerfile / compose",
  "mcp-config": "MCP / agent client config",
  "agent-instructions": "agent instructions / prompt",
  notebook: "notebook",
  home: "user home credential file",
  application: "application code / config",
};

export function runtimeContext(f: Finding): RuntimeContext {
  if (f.exposure === "home")
    return f.fileKind === "mcp-config" || f.fileKind === "agent-settings" ? "mcp-config" : "home";
  switch (f.fileKind) {
    case "ci-workflow":
      if (/(^|\/)\.github\//.test(f.path)) return "github-actions";
      if (/(^|\/)\.gitlab-ci\.yml$/.test(f.path)) return "gitlab-ci";
      return "ci-other";
    case "kubernetes":
      return "kubernetes";
    case "terraform":
      return "terraform";
    case "docker":
      return "docker";
    case "mcp-config":
    case "agent-settings":
      return "mcp-config";
    case "agent-instructions":
    case "prompt":
      return "agent-instructions";
    case "notebook":
      return "notebook";
    case "credentials":
      return "home";
    default:
      return "application";
  }
}

/** Context keys to look up in a playbook, most specific first. */
export function playbookKeys(ctx: RuntimeContext): string[] {
  const chain: Partial<Record<RuntimeContext, string[]>> = {
    "gitlab-ci": ["gitlab-ci", "ci-other", "github-actions"],
    "ci-other": ["ci-other", "github-actions"],
    "agent-instructions": ["agent-instructions", "mcp-config"],
    notebook: ["notebook", "application"],
    home: ["home", "mcp-config", "application"],
    docker: ["docker", "kubernetes", "application"],
    terraform: ["terraform", "application"],
  };
  return [...(chain[ctx] ?? [ctx]), "default"];
}
