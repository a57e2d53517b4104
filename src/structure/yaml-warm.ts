/**
 * A warm-up of the YAML fast path (yaml-fast.ts, yaml-template.ts) before a tree of many YAML files.
 * V8 optimises the path's functions for what it has seen them do. In the bench's YAML tree, whose
 * first files are Ansible playbooks, that was no flow collection, tag or block scalar: the optimised
 * code was thrown away at the first CloudFormation template or Kubernetes manifest, and again at the
 * next new construct (six times for the function reading a mapping entry). Reading a
 * few small documents that hold every construct the path takes, once, before the first file, gives
 * them that feedback up front: the bench's 2,000-file YAML tree had 30 deoptimisations and then 8. The
 * documents are read like any file, their spans dropped. Pure but for V8's state.
 *
 * The scan reads them with V8's feedback made at each function's first call (util/tier-up.ts
 * withEagerFeedback): made lazily, after some calls, it missed what the first documents showed, and 13
 * deoptimisations were left. With it, and with the three constructs those pointed at (a blank line
 * longer than a literal block's indent, a flow mapping's key with a blank, quoted items of a flow
 * sequence in a second document), 0 or 1.
 */
import { annotateYaml } from "./yaml.js";

/** Documents that use every construct the fast path reads, in the shapes projects write them. */
export const WARM_DOCUMENTS: readonly string[] = [
  // A playbook: a sequence of mappings, quoted and templated values, a document end.
  `---
- name: install the service
  ansible.builtin.template:
    src: service.j2
    dest: /etc/service.conf
    mode: '0644'
  loop: "{{ service_items }}"
  when: service is defined
  tags: [setup, config]
- name: restart it
  ansible.builtin.service: {name: app, state: restarted}
  become: true
...
`,
  // A stack template: tags, keys with '::' and a blank before the colon, flow lists over lines.
  `AWSTemplateFormatVersion: '2010-09-09'
Description: >-
  A queue and its alarm,
  folded over lines.
Parameters:
  Threshold:
    Type: Number
    Default : 10
    AllowedValues: [GreaterThanThreshold, LessThanThreshold,
                    GreaterThanOrEqualToThreshold]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "\${AWS::StackName}-queue"
      Tags:
        - Key: team
          Value: !Ref Team
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Dimensions:
        - Name: QueueName
          Value: !GetAtt Queue.QueueName
      Threshold: { "Fn::GetAtt": [Queue, Arn] }
Outputs:
  Arn:
    Value: !GetAtt [Queue, Arn]
`,
  // A compose file: an anchor merged with an alias, flow mappings and lists, plain items with '='.
  `x-defaults: &defaults
  restart: unless-stopped
  logging: {driver: json-file, options: {max-size: 10m}}
services:
  web:
    <<: *defaults
    image: web:1.2
    ports: ["8080:80", '8443:443']
    environment:
      - APP_HOST=db
      - DEBUG=false
    depends_on: [db]
  db:
    <<: *defaults
    image: postgres:16
    command: ["postgres", "-c", "max_connections=200"]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
      interval: 10s
volumes:
  data: {}
  cache:
`,
  // Chart values: comments, empty and null values, keys with dots and slashes, numbers and booleans, a
  // flow mapping's key with a blank.
  `# Default values.
replicaCount: 2
image:
  repository: registry.example.com/app
  tag: ''
  pullPolicy: IfNotPresent # a comment after a value
nameOverride: ~
fullnameOverride: null
resources:
  limits: {cpu: 500m, memory: 128Mi}
  requests:
    cpu: 0.25
tolerations: []
nodeSelector: {}
affinity: {zone name: a}
annotations:
  prometheus.io/scrape: "true"
  example.com/owner: platform
ingress:
  enabled: false
  hosts:
    - host: app.example.com
      paths:
        - path: /
          pathType: Prefix
`,
  // A chart template: actions alone on their lines, in keys and in values.
  `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    tier: web
    {{- include "app.labels" . | nindent 4 }}
  name: {{ include "app.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
            - name: LOG_LEVEL
              value: info
{{- end }}
`,
  // Manifests: a directive, documents, block scalars (a more-indented line in a folded one, a line of
  // blanks longer than a literal one's indent), nested sequences, a plain value on the lines below its key.
  `%YAML 1.2
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
  app.properties: |
    mode=production
    workers=4
${"      "}
    retries=3
  motd: >
    Welcome,
      operator.

  matrix:
    - - a
      - b
    - - c
  note:
    the value on the line below its key,
    and its next line
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
      targetPort: 8080
  selector:
    app: web
`,
  // A locale: deep keys, Ruby symbols, escapes, a doubled quote, quoted keys, a string over lines.
  `en:
  date:
    order:
      - :year
      - :month
      - :day
    formats:
      default: "%Y-%m-%d"
  errors:
    messages:
      blank: "can't be blank\\n\\tor empty \\u00e9"
      taken: 'it''s taken'
      "quoted key": value
      long: "a message that goes on
        over a second line"
  über: größe
`,
  // An API description: paths with braces, references, a folded description, an enum.
  `openapi: 3.0.3
info:
  title: Example API
  version: 1.0.0
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: >
            The user,
            with their roles.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/User'
components:
  schemas:
    User:
      type: object
      properties:
        role:
          type: string
          enum: [admin, member, guest]
`,
  // A CI workflow: expressions, literal scripts, uses/with steps, conditions, a quoted flow item.
  `name: ci
on:
  push:
    branches: [main, "release/*"]
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    if: github.event_name == 'push'
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: test
        run: |
          npm ci
          npm test -- --reporter=dot
        env:
          CI: true
          TOKEN: \${{ github.token }}
`,
];

/** Reads each warm-up document as a file would be (annotateYaml); the spans are dropped. */
export function warmYamlPath(): void {
  for (const doc of WARM_DOCUMENTS) annotateYaml(doc);
}
