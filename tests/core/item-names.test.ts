import { describe, expect, it } from 'vitest';
import { closestIds, findItem, findShowTarget, itemIdsOf } from '../../src/core/item-names.ts';
import { editDistance } from '../../src/core/text.ts';
import { outlineOf } from '../../src/core/plan-outline.ts';
import { shippedPlan } from './plans.ts';

// Naming review items (SPEC §7) on the shipped plan: sessions shared-responsibility,
// architecture-cloud-native-gaps, eks-security-architecture, ...; key points
// shared-responsibility-model, control-plane, eks-architecture, ...; terms kube-apiserver, etcd,
// kube-scheduler, kube-controller-manager, cloud-controller-manager.

const outline = outlineOf(shippedPlan());

describe('findItem', () => {
  it.each([
    ['term:etcd', 'term:etcd'],
    ['etcd', 'term:etcd'],
    ['ETCD', 'term:etcd'],
    ['et', 'term:etcd'],
    ['session:2', 'session:architecture-cloud-native-gaps'],
    ['session:eks', 'session:eks-security-architecture'],
    ['session:shared-responsibility', 'session:shared-responsibility'],
    ['3', 'session:eks-security-architecture'],
    ['keypoint:control', 'keypoint:control-plane'],
    ['control', 'keypoint:control-plane'],
    ['eks-arch', 'keypoint:eks-architecture'],
    ['kube-s', 'term:kube-scheduler'],
    ['keypoint:networking', 'keypoint:networking-security'],
    ['cloud', 'term:cloud-controller-manager'],
    ['shared-responsibility', 'session:shared-responsibility'],
    ['shared-responsibility-model', 'keypoint:shared-responsibility-model'],
  ])('%s names %s', (typed, id) => {
    expect(findItem(outline, typed)).toEqual({ id });
  });

  it.each<[string, string[]]>([
    ['kube', ['term:kube-apiserver', 'term:kube-controller-manager', 'term:kube-scheduler']],
    ['shared', ['session:shared-responsibility', 'keypoint:shared-responsibility-model']],
    ['eks', ['session:eks-security-architecture', 'keypoint:eks-architecture']],
    ['term:kube', ['term:kube-apiserver', 'term:kube-controller-manager', 'term:kube-scheduler']],
  ])('%s is ambiguous between %j', (typed, candidates) => {
    expect(findItem(outline, typed)).toEqual({ id: null, reason: 'ambiguous', candidates });
  });

  it.each<[string, string[]]>([
    ['etdc', ['term:etcd']],
    ['term:ectd', ['term:etcd']],
    ['apiserver', ['term:kube-apiserver']],
    ['keypoint:contrl-plane', ['keypoint:control-plane']],
    ['schedular', ['term:kube-scheduler']],
    ['keypoint:nope', []],
    ['session:9', []],
    ['9', []],
    ['', []],
  ])('%j is unknown; did you mean %j', (typed, candidates) => {
    expect(findItem(outline, typed)).toEqual({ id: null, reason: 'unknown', candidates });
  });

  it('knows every item of the plan, sessions first, in plan order', () => {
    const ids = itemIdsOf(outline);
    expect(ids.slice(0, 2)).toEqual(['session:shared-responsibility', 'session:architecture-cloud-native-gaps']);
    expect(ids).toHaveLength(5 + 7 + 5);
  });
});

describe('findShowTarget: a session first, else an item', () => {
  it.each([
    ['3', { session: 'eks-security-architecture' }],
    ['shared', { session: 'shared-responsibility' }],
    ['shared-responsibility', { session: 'shared-responsibility' }],
    ['session:1', { item: 'session:shared-responsibility' }],
    ['etcd', { item: 'term:etcd' }],
    ['control', { item: 'keypoint:control-plane' }],
    ['shared-responsibility-model', { item: 'keypoint:shared-responsibility-model' }],
  ])('%s shows %j', (typed, expected) => {
    const found = findShowTarget(outline, typed);
    if ('session' in expected) expect('session' in found && found.session?.id).toBe(expected.session);
    else expect(found).toEqual(expected);
  });

  it('an unknown name gets the closest items', () => {
    expect(findShowTarget(outline, 'etdc')).toEqual({ session: null, item: null, reason: 'unknown', candidates: ['term:etcd'] });
    expect(findShowTarget(outline, '9')).toEqual({ session: null, item: null, reason: 'unknown', candidates: [] });
  });
});

describe('closest ids', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['etcd', 'ectd', 1],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('%s → %s: %i edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it('puts ids holding what was typed first, then the nearest, at most three', () => {
    expect(closestIds('controller', ['term:kube-controller-manager', 'term:cloud-controller-manager', 'keypoint:control-plane'])).toEqual(['term:cloud-controller-manager', 'term:kube-controller-manager']);
    expect(closestIds('a', ['term:b', 'term:c', 'term:d', 'term:e'])).toHaveLength(3);
  });
});
