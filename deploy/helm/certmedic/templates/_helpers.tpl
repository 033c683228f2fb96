{{/* The chart's name, or nameOverride. */}}
{{- define "certmedic.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name objects are named by: the release name when it contains the chart's name
(`helm install certmedic ...` names everything certmedic, as the Kustomize base does),
otherwise release-chart.
*/}}
{{- define "certmedic.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "certmedic.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "certmedic.labels" -}}
helm.sh/chart: {{ include "certmedic.chart" . }}
{{ include "certmedic.selectorLabels" . }}
app.kubernetes.io/component: controller
app.kubernetes.io/part-of: certmedic
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The labels the Deployment, the Service and the PodDisruptionBudget select pods by. */}}
{{- define "certmedic.selectorLabels" -}}
app.kubernetes.io/name: {{ include "certmedic.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "certmedic.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "certmedic.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "certmedic.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The Role and RoleBinding for the leader-election Lease. */}}
{{- define "certmedic.leaderElectionName" -}}
{{- printf "%s-leader-election" (include "certmedic.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
"true" when the Prometheus Operator's objects can be applied: the cluster serves
monitoring.coreos.com/v1, or prometheusOperator.assumeInstalled says so (offline renders).
*/}}
{{- define "certmedic.prometheusOperator" -}}
{{- if or .Values.prometheusOperator.assumeInstalled (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}true{{ end }}
{{- end }}
