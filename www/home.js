// The home page: what each tool is for, in Chinese or English, and a clear message where the
// browser cannot run WebAssembly (instead of tools that silently fail).
import { initialLang, applyTexts, onLanguageToggle, wasmMissing } from './common.js';

const TEXT = {
  zh: {
    skip: '跳到主要内容', navHome: '首页', navIntake: '参保登记', navCalc: '计算器', navRoster: '台账核验', navMatch: '名单比对', navCampaign: '台账与进度',
    title: 'canbao 参保工具',
    lead: '医保参保扩面工作用的核验和计算工具。所有处理都在这台电脑的浏览器里完成：填写的号码、载入的台账和密钥都不会发送到任何地方。',
    noWasm: '此浏览器不能运行 WebAssembly，工具无法使用。请使用新版的 Chrome、Edge、Firefox、Safari，或 360、QQ 等浏览器的“极速模式”。',
    intakeTitle: '参保登记', intakeText: '逐项填写参保人信息：输入身份证号时即显示出生日期、性别和户籍地，提交时列出所有问题。',
    calcTitle: '缴费与待遇计算器', calcText: '按政策计算个人应缴、医疗救助资助、待遇开始日期（含 2025 年起的等待期规则）、职工医保缴费和参保率统计表。',
    rosterTitle: '台账核验', rosterText: '载入县里下发的 Excel 或 CSV 台账，逐行核验证件号码、查找重复、计算资助，得到标注好问题的同一份表格和汇总。',
    campaignTitle: '台账与进度', campaignText: '用上年参保名单或户籍名单与本年参保名单比对，生成按村分表的存量库、增量库台账；各村填写后读回，按政策目标生成进度通报。',
    matchTitle: '名单比对', matchText: '各部门用同一个活动密钥把名单转换成令牌，只交换令牌文件，比对出未参保、重复参保的人，不交换身份证号。',
    privacyTitle: '数据去哪里了？', privacy1: '哪里也没去：页面只从本网站加载自己的文件，不连接其他网站，不做统计。',
    privacy2: '打开过一次后，断网也能继续使用。', privacy3: '门户网站可以嵌入证件号码输入框，见“嵌入示例”。', embedLink: '嵌入示例',
    footer: 'canbao：在浏览器中完成，不联网、不上传。', otherLang: 'English',
  },
  en: {
    skip: 'Skip to main content', navHome: 'Home', navIntake: 'Enrollment', navCalc: 'Calculator', navRoster: 'Roster check', navMatch: 'Roster matching', navCampaign: 'Ledgers and progress',
    title: 'canbao enrollment tools',
    lead: 'Checks and calculations for medical-insurance enrollment campaigns. Everything runs in this computer’s browser: the numbers you type, the rosters you load and the secrets you use are never sent anywhere.',
    noWasm: 'This browser cannot run WebAssembly, so the tools cannot work. Use a recent Chrome, Edge, Firefox or Safari, or the “speed mode” of 360 or QQ Browser.',
    intakeTitle: 'Enrollment form', intakeText: 'Fill in an insured person’s details: the ID shows its birth date, sex and region as it is typed; submitting lists every problem.',
    calcTitle: 'Contributions and benefits calculator', calcText: 'Payable amounts, assistance subsidies, benefit start dates (with the 2025 waiting-period rule), employee contributions and coverage tables, under a policy.',
    rosterTitle: 'Roster check', rosterText: 'Load the county’s Excel or CSV roster: every ID checked, duplicates found, subsidies computed, and the same table back with the problems marked and a summary.',
    campaignTitle: 'Ledgers and progress', campaignText: 'Compare last year’s enrollment or the household registry with this year’s to build the stock and increment ledgers, a sheet per village; read them back once filled in and report progress against the policy’s targets.',
    matchTitle: 'Roster matching', matchText: 'Departments turn their rosters into tokens with a shared campaign secret, exchange only token files, and find who is unenrolled or enrolled twice without exchanging ID numbers.',
    privacyTitle: 'Where does the data go?', privacy1: 'Nowhere: the pages load only this site’s own files, contact no other site and collect no statistics.',
    privacy2: 'Once opened, they keep working offline.', privacy3: 'Portals can embed the ID field: see the embedding example.', embedLink: 'Embedding example',
    footer: 'canbao: runs in your browser, offline, never uploads.', otherLang: '中文',
  },
};

let lang = initialLang();
const apply = () => {
  applyTexts(lang, TEXT[lang]);
  document.title = TEXT[lang].title;
};
apply();
onLanguageToggle(() => lang, (next) => { lang = next; apply(); });
document.getElementById('no-wasm').hidden = !wasmMissing();
document.body.dataset.ready = 'true';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline support unavailable', e));
}
