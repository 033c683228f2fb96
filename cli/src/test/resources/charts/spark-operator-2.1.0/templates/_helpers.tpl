{{- define "spark-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "spark-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "spark-operator.labels" -}}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{ include "spark-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "spark-operator.webhook.name" -}}
{{ include "spark-operator.fullname" . }}-webhook
{{- end -}}

{{- define "spark-operator.webhook.serviceName" -}}
{{ include "spark-operator.webhook.name" . }}-svc
{{- end -}}

{{- define "spark-operator.webhook.secretName" -}}
{{ include "spark-operator.webhook.name" . }}-certs
{{- end -}}

{{- define "spark-operator.webhook.selectorLabels" -}}
{{ include "spark-operator.selectorLabels" . }}
app.kubernetes.io/component: webhook
{{- end -}}

{{- define "spark-operator.controller.selectorLabels" -}}
{{ include "spark-operator.selectorLabels" . }}
app.kubernetes.io/component: controller
{{- end -}}

{{/* one webhook entry: name, path, rules (group, resource, operations) */}}
{{- define "spark-operator.webhook.entry" -}}
- name: {{ .name }}
  admissionReviewVersions: ["v1"]
  clientConfig:
    service:
      name: {{ include "spark-operator.webhook.serviceName" .root }}
      namespace: {{ .root.Release.Namespace }}
      port: {{ .root.Values.webhook.port }}
      path: {{ .path }}
  sideEffects: NoneOnDryRun
  failurePolicy: {{ .root.Values.webhook.failurePolicy }}
  rules:
  - apiGroups: [{{ .group | quote }}]
    apiVersions: [{{ .version | quote }}]
    resources: [{{ .resource | quote }}]
    operations: {{ .operations }}
  timeoutSeconds: {{ .root.Values.webhook.timeoutSeconds }}
{{- end -}}
