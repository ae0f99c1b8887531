import { moduleDictionary } from '../../lib/module-i18n';

/** Screen text of the office's 公开 card (what a 民生实事 project publishes); the public page itself stays Chinese. */
const zh = {
  versionConflict: '公开设置已被他人修改，已载入最新内容',
  savedPublished: '已保存：该项目在民生实事公开页显示',
  savedUnpublished: '已保存：该项目不公开',
  cardTitle: '公开（民生实事公开页）',
  viewPublicPage: '查看公开页',
  notLivelihood: '该项目未标记为民生实事，不能公开。',
  shownOnPublicPage: '在公开页显示',
  notPublished: '不公开',
  lastSaved: '（上次保存 {at}）',
  fieldsIntro: '公开的内容（项目名称始终公开；包联领导、经办人、卡点、调度报送、备注等内部信息从不公开）：',
  descriptionPlaceholder: '面向群众的说明（选中“面向群众的说明”时公开），如受益人群、办理渠道',
  saveSettings: '保存公开设置',
  photosTitle: '公开照片',
  noPhotos: '尚未选择照片。',
  captionPlaceholder: '照片说明（公开）',
  photoPublished: '公开',
  uploadPhoto: '上传照片（JPG/PNG）',
  useEvidence: '选用节点佐证：{milestone} · {fileName}',
};

const en: Record<keyof typeof zh, string> = {
  versionConflict: 'Someone else changed the publication settings; the latest version has been loaded',
  savedPublished: 'Saved: the project is shown on the public livelihood projects page',
  savedUnpublished: 'Saved: the project is not published',
  cardTitle: 'Publish (public livelihood projects page)',
  viewPublicPage: 'View the public page',
  notLivelihood: 'This project is not marked as a livelihood project and cannot be published.',
  shownOnPublicPage: 'Shown on the public page',
  notPublished: 'Not published',
  lastSaved: '(last saved {at})',
  fieldsIntro:
    'What is published (the project name always is; internal information such as the liaison ' +
    'leader, the person handling it, blockers, weekly round reports and remarks never is):',
  descriptionPlaceholder:
    'Note for the public (published when “Note for the public” is ticked), e.g. who benefits and how to apply',
  saveSettings: 'Save publication settings',
  photosTitle: 'Published photos',
  noPhotos: 'No photo chosen yet.',
  captionPlaceholder: 'Photo caption (public)',
  photoPublished: 'Published',
  uploadPhoto: 'Upload photo (JPG/PNG)',
  useEvidence: 'Use milestone evidence: {milestone} · {fileName}',
};

export const usePublicationT = moduleDictionary(zh, en);
