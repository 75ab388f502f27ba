import { describe, expect, it } from 'vitest';
import { mentions, recallCoverage, significantWords, suggestRating, wordsNeeded, type RecallTarget } from '../../src/core/recall.ts';

// The recall coverage is a plain word match (src/core/recall.ts, README): each rule as a table.

const term = (id: string, title: string): RecallTarget => ({ id, kind: 'term', title });
const point = (id: string, title: string): RecallTarget => ({ id, kind: 'keypoint', title });

describe('words', () => {
  it.each([
    ['IAM and Access Control', ['iam', 'acces', 'control']],
    ['The Kubernetes control-plane: its pods', ['kubernete', 'control', 'plane', 'pod']],
    ['an EKS vs. a CI/CD pipeline', ['eks', 'pipeline']],
    ['', []],
  ])('significant words of %j', (text, words) => {
    expect(significantWords(text)).toEqual(words);
  });

  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 2],
    [5, 3],
    [6, 3],
  ])('a title of %i significant words needs %i of them', (count, needed) => {
    expect(wordsNeeded(count)).toBe(needed);
  });
});

describe('mentions', () => {
  it.each<[string, RecallTarget, string, boolean]>([
    ['a term by its name', term('etcd', 'etcd'), 'etcd keeps the cluster state', true],
    ['a term by its name, any case', term('etcd', 'etcd'), 'ETCD keeps the cluster state', true],
    ['a term inside another word is not it', term('etcd', 'etcd'), 'fetcd data', false],
    ['a hyphenated term written with spaces', term('kube-controller-manager', 'kube-controller-manager'), 'the kube controller manager runs loops', true],
    ['a term written as its id', term('kube-apiserver', 'kube-api server'), 'kube-apiserver is the front door', true],
    ['a term written as its name', term('kube-apiserver', 'kube-api server'), 'the kube api server is the front door', true],
    ['a term with only some of its words', term('cloud-controller-manager', 'cloud-controller-manager'), 'a controller manager', false],
    ['a key point by its title', point('control-plane', 'Kubernetes Control Plane'), 'the kubernetes control plane', true],
    ['a key point by two of its three title words', point('control-plane', 'Kubernetes Control Plane'), 'AWS runs the control plane', true],
    ['a key point by one of its three title words', point('control-plane', 'Kubernetes Control Plane'), 'AWS runs kubernetes', false],
    ['a key point of two words needs both', point('eks-architecture', 'EKS Architecture'), 'the architecture of it', false],
    ['plural and singular are the same word', point('logging-monitoring', 'Logging and Monitoring'), 'loggings and monitorings', true],
    ['filler words do not count', point('iam-access-control', 'IAM and Access Control'), 'and the IAM', false],
    ['two of three significant words', point('iam-access-control', 'IAM and Access Control'), 'iam access for users', true],
  ])('%s', (_name, target, recall, expected) => {
    expect(mentions(recall, target)).toBe(expected);
  });
});

describe('recallCoverage and the rating it suggests', () => {
  it.each([
    [0, 0, null],
    [0, 3, 'again'],
    [1, 3, 'hard'],
    [2, 3, 'good'],
    [3, 3, 'easy'],
    [1, 4, 'again'],
    [2, 4, 'hard'],
    [3, 4, 'good'],
  ])('%i of %i mentioned suggests %s', (mentioned, total, rating) => {
    expect(suggestRating(mentioned, total)).toBe(rating);
  });

  it('splits the targets into mentioned and missed, in their order', () => {
    const targets = [point('shared-responsibility-model', 'Shared Responsibility Model'), point('control-plane', 'Kubernetes Control Plane'), term('etcd', 'etcd')];
    const coverage = recallCoverage('AWS runs the control plane and etcd; I own RBAC', targets);
    expect(coverage.mentioned.map((target) => target.id)).toEqual(['control-plane', 'etcd']);
    expect(coverage.missed.map((target) => target.id)).toEqual(['shared-responsibility-model']);
    expect(coverage.suggested).toBe('good');
  });
});
