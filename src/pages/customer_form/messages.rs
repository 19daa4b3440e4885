//! The messages only this feature shows (shared ones are `i18n::K`).

crate::i18n::messages! {
    FTagsHint => "用逗号或空格分隔", "Separate with commas or spaces";
    OwnerByRegion => "不选时，按地区交给负责该地区的销售。", "If left empty, whoever covers the customer's region takes them.";
    SectionBasics => "基本信息", "Basics";
    SectionContact => "联系方式", "Contact points";
    SectionProfile => "画像", "Profile";
    SectionAccount => "账户与信用", "Account and credit";
    ConsentGranted => "同意", "Granted";
    AddContact => "添加联系人", "Add contact";
    AddCustomField => "添加字段", "Add field";
    Remove => "移除", "Remove";
    Saving => "正在保存…", "Saving…";
    EditCustomer => "编辑客户", "Edit customer";
    FixErrors => "请修正标出的字段。", "Please fix the marked fields.";
    FCodeHint => "您自己的编号（可选），导入订单时可用它找到客户", "Your own number for the customer (optional); imported orders can refer to it";
    ConflictChanged => "您编辑期间，这位客户已在另一个标签页或窗口中被保存。您的修改尚未保存。请比较两个版本，再决定保留哪一个。", "While you were editing, this customer was saved in another tab or window. Your changes are not saved yet: compare the two versions and choose which to keep.";
    ConflictGone => "您编辑期间，这位客户已在另一个标签页或窗口中被删除、移入回收站或合并。您的修改没有保存。", "While you were editing, this customer was deleted, moved to the trash or merged in another tab or window. Your changes were not saved.";
    ConflictOpen => "查看这位客户", "Open the customer";
    ConflictTheirs => "已保存的版本", "Saved elsewhere";
    ConflictMine => "您的修改", "Your changes";
    ConflictTakeTheirs => "使用已保存的版本", "Use the saved version";
    ConflictKeepMine => "保留我的修改", "Keep my changes";
}
