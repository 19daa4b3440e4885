//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    Title => "团队", "Team";
    Intro => "负责销售和服务的员工。客户、商机和任务的负责人从这里选择；离职的员工设为停用，他们名下的记录保留。", "The people who sell and serve. Owners of customers, opportunities and tasks are chosen from here; set someone who left to inactive and their records stay theirs.";
    Add => "添加员工", "Add a member of staff";
    NewTitle => "新员工", "New member of staff";
    EditTitle => "编辑员工", "Edit member of staff";
    Empty => "还没有员工。添加负责销售和服务的人；客户资料里填写的客户经理会自动成为员工。", "No staff yet. Add the people who sell and serve; account managers typed on customers become staff by themselves.";
    Name => "姓名", "Name";
    Role => "岗位", "Role";
    CommissionHint => "按成交金额计算，例如 5 或 2.5。", "Of the amount won, e.g. 5 or 2.5.";
    QuotaHint => "每月要赢单的金额；销售分析按月和季度显示完成情况。留空则不设。", "What they are to win each month; the Sales dashboard shows attainment by month and quarter. Leave blank for none.";
    ActiveLabel => "在职（可被选为负责人）", "Active (can be chosen as an owner)";
    ColCustomers => "客户", "Customers";
    ColStatus => "状态", "Status";
    StatusActive => "在职", "Active";
    StatusInactive => "停用", "Inactive";
    Saved => "员工已保存", "Member of staff saved";
    MeTitle => "这台设备的使用者", "Who uses this device";
    MeHint => "“我的客户”等视图按这里选择的人显示。设备同步后，由登录的用户决定。", "\"My customers\" and the other \"my\" views show this person's. On a device that syncs, the login decides it.";
    UserHint => "这位员工在同步服务器上的用户名。在他登录的设备上，“我的客户”等视图就是他的。", "The user this person signs in as on the sync server. On a device where they sign in, \"my customers\" and the other \"my\" views are theirs.";
    MeNobody => "未选择", "Nobody chosen";
    MeSaved => "已记住这台设备的使用者", "This device's user is remembered";
}

/// "12 customers" / "12 位客户", the link to a member of staff's customers.
pub fn customers_of(lang: Lang, n: usize) -> String {
    let count = crate::i18n::count(n);
    match n {
        1 => tr!(lang, "1 位客户", "1 customer"),
        _ => tr!(lang, "{count} 位客户", "{count} customers"),
    }
}

/// Who the login makes this device's user.
pub fn me_signed_in(lang: Lang, user: &str, name: &str) -> String {
    tr!(
        lang,
        "以 {user} 登录：“我的”视图显示 {name} 的记录。",
        "Signed in as {user}: the \"my\" views show {name}'s records."
    )
}

/// The login, when no member of staff signs in as it.
pub fn me_unlinked(lang: Lang, user: &str) -> String {
    tr!(
        lang,
        "以 {user} 登录，但没有员工使用这个登录名。编辑对应员工，把“同步登录名”填为 {user}，“我的”视图就会显示他的记录。",
        "Signed in as {user}, but no member of staff has this sign-in name. Edit theirs and set \"Sync sign-in name\" to {user}, and the \"my\" views show their records."
    )
}
