// A tree of YAML as projects write it, for npm run bench: CI workflows with scripts in literal blocks,
// Kubernetes manifests, CloudFormation templates, Rails locales, Ansible tasks, Compose files, OpenAPI
// descriptions, Helm values and Helm chart templates, each shape as its tools write it (`Fn::GetAtt`,
// `- :year`, `AllowedValues` over lines, `!Ref`, anchors and merges, lines of blanks inside scripts,
// folded conditions, `{{- include … | nindent 4 }}`), one file in twenty with CR LF line ends. Until
// round 32 the fast YAML path declined most of these shapes, and a file it declines goes whole to the
// yaml library, 30 to 60 times slower a megabyte: round 31's build took 6.7 s over the first version of
// this tree (no chart templates), round 32's 1.15 s (medians of 5, in turns). Chart templates are not
// YAML until rendered; until round 33 each went to the library, which failed on nearly every one.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The marker that says a generated input is complete: a file beside its folder (`<dir>.done`), not in
 * it, so that no scanner times it as one of the input's files (an empty file inside once made
 * TruffleHog exit 1).
 */
export function doneMarker(dir) {
  return `${dir}.done`;
}

/**
 * Writes `n` YAML files under `dir` (once: its doneMarker keeps them), from `gen`'s deterministic
 * helpers: `rnd()` in [0, 1), `pick(array)`, `ident()` (a camel-case name), `word()` (a lower-case word)
 * and `expandFakes(text, salt)` for planted fake secrets (about one file in a hundred).
 */
export function genYamlTree(dir, n, gen) {
  if (existsSync(doneMarker(dir))) return;
  mkdirSync(dir, { recursive: true });
  const kinds = [workflow, kubernetes, cloudFormation, locale, ansible, compose, openApi, helm, helmTemplate];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    const sub = join(dir, kind.name, `group${i % 25}`);
    mkdirSync(sub, { recursive: true });
    let text = kind(gen, 4 + Math.floor(gen.rnd() * 12));
    // A top-level key; after a list of tasks and its `...`, a document of its own.
    if (gen.rnd() < 0.01) text = `${text}${text.endsWith("\n...\n") ? "---\n" : ""}${planted(gen, i)}`;
    // One file in twenty from a Windows editor: lines end in CR LF.
    if (gen.rnd() < 0.05) text = text.replaceAll("\n", "\r\n");
    writeFileSync(join(sub, `${gen.ident()}${i}.yaml`), gen.expandFakes(text, `yaml:${i}`));
  }
  writeFileSync(doneMarker(dir), "");
}

/** A secret as it gets committed into configuration, at the top level of the file. */
function planted(gen, i) {
  return gen.pick([
    'github_token: "{{fake:ghp_:alnum:36:crc32}}"\n',
    "OPENAI_API_KEY: {{fake:sk-proj-:base64url:156}}\n",
    `slack_webhook: https://hooks.slack.com/services/T{{fake::upper:10}}/B{{fake::upper:10}}/{{fake::alnum:24}}\n`,
    `aws_secret_access_key: {{fake::base64:40}} # bench ${i}\n`,
  ]);
}

/** A script of `lines` lines, indented by `pad`, with a line of blanks inside as editors leave them. */
function script(gen, pad, lines) {
  const out = [];
  for (let k = 0; k < lines; k++) {
    if (k === 2) out.push(`${pad}  `);
    out.push(
      `${pad}${gen.pick(["npm ci", "npm test", "echo", "node scripts/build.js", "make"])} ${gen.word()}`,
    );
  }
  return out.join("\n");
}

function workflow(gen, n) {
  const out = [
    `name: ${gen.word()}`,
    "on:",
    "  push:",
    "    branches: [main, 'release/**']",
    "  pull_request:",
    "jobs:",
  ];
  for (let j = 0; j < n; j++) {
    out.push(
      `  ${gen.word()}-${j}:`,
      "    runs-on: ubuntu-latest",
      "    permissions:",
      "      contents: read",
    );
    out.push(
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - uses: actions/setup-node@v4",
      "        with:",
    );
    out.push(`          node-version: \${{ matrix.node }}`, "      - name: Build", "        run: |");
    out.push(
      script(gen, "          ", 4),
      "        env:",
      `          TOKEN: \${{ secrets.${gen.word().toUpperCase()}_TOKEN }}`,
    );
  }
  return `${out.join("\n")}\n`;
}

function kubernetes(gen, n) {
  const docs = [];
  for (let j = 0; j < n; j++) {
    const name = `${gen.word()}-${j}`;
    docs.push(
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        `  name: ${name}`,
        `  labels: {app: ${name}, tier: backend}`,
        "spec:",
        "  replicas: 2",
        "  template:",
        "    spec:",
        "      containers:",
        `        - name: ${name}`,
        `          image: registry.example.com/${name}:1.${j}`,
        '          args: ["--port", "8080",',
        `                 "--log-level", "${gen.pick(["info", "debug"])}"]`,
        "          env:",
        `            - name: ${gen.word().toUpperCase()}_URL`,
        `              value: "http://${gen.word()}.svc:80"`,
        "            - name: API_KEY",
        "              valueFrom:",
        `                secretKeyRef: {name: ${name}, key: api-key}`,
      ].join("\n"),
    );
  }
  return `${docs.join("\n---\n")}\n`;
}

function cloudFormation(gen, n) {
  const out = ["AWSTemplateFormatVersion: '2010-09-09'", "Parameters:"];
  for (let j = 0; j < n; j++) {
    out.push(
      `  ${gen.ident()}${j}:`,
      "    Type: String",
      "    AllowedValues: [GreaterThanThreshold, LessThanThreshold,",
    );
    out.push("                    GreaterThanOrEqualToThreshold]", "    Default : GreaterThanThreshold");
  }
  out.push("Resources:");
  for (let j = 0; j < n; j++) {
    out.push(
      `  Bucket${j}:`,
      "    Type: AWS::S3::Bucket",
      "    Properties:",
      `      BucketName: !Sub '\${AWS::StackName}-${gen.word()}'`,
    );
    out.push(
      "      Tags:",
      `        - Key: ${gen.word()}`,
      `          Value: !Ref ${gen.ident()}`,
      "    Metadata:",
    );
    out.push(
      "      AWS::CloudFormation::Init:",
      "        config:",
      "          commands:",
      `            run: {command: ${gen.word()}}`,
    );
  }
  out.push("Outputs:", "  Arn:", "    Value:", "      Fn::GetAtt: [Bucket0, Arn]");
  return `${out.join("\n")}\n`;
}

function locale(gen, n) {
  const out = [
    "en:",
    "  date:",
    "    order:",
    "      - :year",
    "      - :month",
    "      - :day",
    "  activerecord:",
    "    errors:",
  ];
  for (let j = 0; j < n * 4; j++) {
    out.push(`      ${gen.word()}_${j}: ! '%{field} ${gen.word()} ${gen.word()}.'`);
    out.push(`      ${gen.word()}_${j}_note: "${gen.word()} %{count} ${gen.word()}"`);
  }
  return `${out.join("\n")}\n`;
}

function ansible(gen, n) {
  const out = ["---"];
  for (let j = 0; j < n; j++) {
    out.push(
      `- name: ${gen.word()} the ${gen.word()}`,
      "  ansible.builtin.template:",
      `    src: ${gen.word()}.j2`,
    );
    out.push(`    dest: /etc/${gen.word()}.conf`, "    mode: '0644'", `  loop: "{{ ${gen.word()}_items }}"`);
    // A folded condition over lines, one of them deeper, in one file of five.
    if (j === 3 && gen.rnd() < 0.2)
      out.push("  when: >", `    (${gen.word()} | default(false) and`, `     ${gen.word()} is defined)`);
    else out.push(`  when: ${gen.word()} is defined`);
  }
  return `${out.join("\n")}\n...\n`;
}

function compose(gen, n) {
  const out = [
    "x-defaults: &defaults",
    "  restart: unless-stopped",
    "  logging: {driver: json-file}",
    "services:",
  ];
  for (let j = 0; j < n; j++) {
    out.push(
      `  ${gen.word()}${j}:`,
      "    <<: *defaults",
      `    image: ${gen.word()}:latest`,
      '    ports: ["8080:80"]',
    );
    out.push(
      "    environment:",
      `      - ${gen.word().toUpperCase()}_HOST=${gen.word()}`,
      "      - DEBUG=false",
    );
  }
  return `${out.join("\n")}\n`;
}

function openApi(gen, n) {
  const out = ["openapi: 3.0.3", "info:", `  title: ${gen.ident()} API`, "  version: 1.0.0", "paths:"];
  for (let j = 0; j < n; j++) {
    out.push(
      `  /${gen.word()}/{id}:`,
      "    get:",
      `      operationId: ${gen.ident()}${j}`,
      "      description: |",
    );
    out.push(
      `        Returns the ${gen.word()} with that id.`,
      "",
      `        The ${gen.word()} must exist.`,
      "      parameters:",
    );
    out.push(
      "        - in: path",
      "          name: id",
      "          required: true",
      "          schema: {type: string}",
    );
    out.push("      responses:", "        '200':", "          content:", "            application/json:");
    out.push(
      `              schema: {$ref: '#/components/schemas/${gen.ident()}'}`,
      `        '404': {description: Not found}`,
    );
  }
  return `${out.join("\n")}\n`;
}

function helm(gen, n) {
  const out = ["# Default values.", "image:", `  repository: ${gen.word()}`, "  tag: ''"];
  for (let j = 0; j < n; j++) {
    out.push(
      `${gen.word()}${j}:`,
      "  enabled: true",
      "  resources:",
      "    limits: {cpu: 500m, memory: 128Mi}",
    );
    out.push("  tolerations: []", `  annotations:`, `    ${gen.word()}.io/${gen.word()}: "${gen.word()}"`);
  }
  return `${out.join("\n")}\n`;
}

/** A Helm chart template: Go template actions inline, on lines of their own and around blocks. */
function helmTemplate(gen, n) {
  const name = gen.word();
  const out = [
    `{{- if .Values.${name}.enabled }}`,
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: {{ include "${name}.fullname" . }}`,
    "  labels:",
    `    {{- include "${name}.labels" . | nindent 4 }}`,
    `    tier: ${gen.word()}`,
    "spec:",
    "  replicas: {{ .Values.replicaCount }}",
    "  template:",
    "    spec:",
    "      containers:",
  ];
  for (let j = 0; j < n; j++) {
    out.push(
      `        - name: ${gen.word()}-${j}`,
      `          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"`,
      "          imagePullPolicy: IfNotPresent",
      "          env:",
      `            {{- range $k, $v := .Values.${gen.word()}Env }}`,
      "            - name: {{ $k }}",
      "              value: {{ $v | quote }}",
      "            {{- end }}",
      `            - name: ${gen.word().toUpperCase()}_URL`,
      `              value: http://${gen.word()}:8080`,
      "          resources:",
      "            {{- toYaml .Values.resources | nindent 12 }}",
    );
  }
  return `${out.join("\n")}\n{{- end }}\n`;
}
