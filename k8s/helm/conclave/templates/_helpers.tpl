{{- define "conclave.image" -}}
{{- $reg := .root.Values.image.registry -}}
{{- printf "%sconclave/%s:%s" (ternary (printf "%s/" $reg) "" (ne $reg "")) .name (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "conclave.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: conclave
{{- end -}}

{{- define "conclave.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "conclave.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: {{ .port }}}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: {{ .port }}}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: {{ .port }}}
  periodSeconds: 5
  failureThreshold: 2
{{- end -}}

{{/* The URL people open: publicUrl, or https://<ingress.host>. */}}
{{- define "conclave.publicUrl" -}}
{{- default (printf "https://%s" .Values.ingress.host) .Values.publicUrl -}}
{{- end -}}

{{/* An env entry from a key of Conclave's own Secret (secrets.existingSecret). args: root, name, key */}}
{{- define "conclave.secretEnv" -}}
- name: {{ .name }}
  valueFrom: {secretKeyRef: {name: {{ required "secrets.existingSecret is required" .root.Values.secrets.existingSecret }}, key: {{ .key }}}}
{{- end -}}

{{- define "conclave.dbEnv" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ .Values.postgresql.url | quote }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom: {secretKeyRef: {name: {{ required "postgresql.existingSecret is required" .Values.postgresql.existingSecret }}, key: username}}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ .Values.postgresql.existingSecret }}, key: password}}
{{- end -}}

{{/* A Java service: Deployment + Service + ServiceAccount + PDB. args: root, name, cfg, ports (list of name/port), env */}}
{{- define "conclave.service" -}}
{{- $ctx := dict "root" .root "name" .name }}
{{- /* The images Jib builds: conclave/<Maven module> */}}
{{- $images := dict "gateway" "gateway-service" "signaling" "signaling-service" "media-service" "media-service" "auth-service" "auth-service" }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .name }}
  labels: {{- include "conclave.labels" $ctx | nindent 4 }}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels: {{- include "conclave.labels" $ctx | nindent 4 }}
spec:
  {{- if not .hpa }}
  replicas: {{ .cfg.replicas }}
  {{- end }}
  selector:
    matchLabels: {{- include "conclave.selector" $ctx | nindent 6 }}
  template:
    metadata:
      labels: {{- include "conclave.labels" $ctx | nindent 8 }}
    spec:
      serviceAccountName: {{ .name }}
      automountServiceAccountToken: false
      {{- with .grace }}
      terminationGracePeriodSeconds: {{ . }}
      {{- end }}
      securityContext: {{- toYaml .root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .name }}
          image: {{ include "conclave.image" (dict "root" .root "name" (get $images .name)) }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ .root.Values.javaOptions | quote }}
            {{- with .root.Values.logFormat }}
            - name: LOGGING_STRUCTURED_FORMAT_CONSOLE
              value: {{ . | quote }}
            {{- end }}
            {{- .env | nindent 12 }}
          {{- include "conclave.probes" (dict "port" .probePort) | nindent 10 }}
          {{- with .preStop }}
          lifecycle:
            preStop: {{- toYaml . | nindent 14 }}
          {{- end }}
          resources: {{- toYaml .cfg.resources | nindent 12 }}
          securityContext: {{- toYaml .root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      volumes:
        - {name: tmp, emptyDir: {}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  labels: {{- include "conclave.labels" $ctx | nindent 4 }}
spec:
  {{- with .cfg.service }}
  type: {{ .type }}
  {{- end }}
  selector: {{- include "conclave.selector" $ctx | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
    {{- end }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {{- include "conclave.selector" $ctx | nindent 6 }}
{{- end -}}
