import type { SessionView } from '../../src/core/progress.ts';
import { fitLines, widthOf, type View } from '../../src/ui/layout.ts';
import { createTheme } from '../../src/ui/theme.ts';

// What the renderer tests share: a View as a command gets it, and hand-made results.

/** A view without colour, `width` columns wide, whose commands carry `prefix` (the program and any --plan). */
export function plainView(width = 80, prefix = 'k8s-study'): View {
  return { theme: createTheme(false), width, command: (args) => `${prefix} ${args}`, program: 'k8s-study' };
}

/** What the terminal shows for a renderer's lines: each made to fit, as every command prints them. */
export function shown(lines: readonly string[], width: number): string[] {
  return fitLines(lines, width);
}

/** The lines wider than `width`: none when a view fits. */
export function tooWide(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => line.split('\n')).filter((line) => widthOf(line) > width);
}

/** A session as the commands describe it (the SPEC's Session): session 3 of the shipped plan, to do. */
export function sessionView(fields: Partial<SessionView> = {}): SessionView {
  return {
    id: 'eks-security-architecture',
    number: 3,
    title: 'EKS Security Architecture',
    day: 2,
    minutes: 90,
    status: 'todo',
    checklist: [
      { number: 1, text: 'Study the EKS Security Architecture, covering cloud, Kubernetes, and application levels.', done: false },
      { number: 2, text: 'Take notes on security considerations for the cloud platform (IAM, Network Security, etc.) and the Kubernetes platform.', done: false },
    ],
    keyPoints: [{ id: 'eks-architecture', title: 'EKS Architecture', text: 'Familiarize yourself with the architecture and how security is implemented at the cloud, Kubernetes, and application levels.' }],
    terms: [{ id: 'etcd', term: 'etcd', text: 'Key Value store that stores cluster information for what is in a K8S Cluster.' }],
    completedAt: null,
    minutesSpent: null,
    summary: null,
    ...fields,
  };
}
