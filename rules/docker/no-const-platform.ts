import { dockerRule } from '../core/rule.js';
import { deleteToken } from '../core/dockerfile-edit.js';

export default dockerRule<'constant' | 'redundant'>({
  meta: {
    id: 'docker/no-const-platform',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Do not hard-code the FROM platform',
    rationale: '`FROM --platform=linux/amd64` pins the stage to one architecture: on an arm64 machine or in a multi-platform build it runs under emulation or produces an image for the wrong platform. `--platform=$TARGETPLATFORM` is what FROM does anyway. A constant platform is accepted when the stage name says which platform it is for (`AS build-amd64`), as BuildKit does.',
    remediation: 'Use the automatic platform arguments, typically `$BUILDPLATFORM` for cross-compiling build stages:\n\n```dockerfile\nFROM --platform=$BUILDPLATFORM golang:1.26 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\n```',
    references: [
      { title: 'Build checks: FromPlatformFlagConstDisallowed', url: 'https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/' },
      { title: 'Build checks: RedundantTargetPlatform', url: 'https://docs.docker.com/reference/build-checks/redundant-target-platform/' },
    ],
    equivalents: { hadolint: ['DL3029', 'DL3065'], buildkit: ['FromPlatformFlagConstDisallowed', 'RedundantTargetPlatform'] },
    fix: 'safe',
    messages: {
      constant: '`--platform={{platform}}` pins {{stage}} to one platform. Use `$BUILDPLATFORM`/`$TARGETPLATFORM`, or name the stage after the platform.',
      redundant: '`--platform={{platform}}` is the default: FROM already uses the target platform.',
    },
    examples: { invalid: 'FROM --platform=linux/amd64 alpine:3.22', valid: 'FROM --platform=$BUILDPLATFORM golang:1.26 AS build' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      const flag = model.flag(stage.from, 'platform');
      if (!flag?.value || !flag.valueSpan) continue;
      const value = flag.value;
      if (/^\$\{?TARGETPLATFORM\}?$/.test(value)) {
        ctx.report({
          messageId: 'redundant', data: { platform: value }, span: flag.valueSpan, resource: model.resource(stage),
          fixes: [{ title: 'Remove the redundant --platform', edits: deleteToken(model.text, flag.span, model.escape) }],
        });
        continue;
      }
      if (value.includes('$')) continue;
      const parts = value.toLowerCase().split(/[/,]/).filter(Boolean);
      if (stage.name && parts.some((p) => p !== 'linux' && stage.name!.includes(p))) continue;
      ctx.report({ messageId: 'constant', data: { platform: value, stage: model.resource(stage)! }, span: flag.valueSpan, resource: model.resource(stage) });
    }
  },
});
