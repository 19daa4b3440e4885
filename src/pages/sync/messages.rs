//! The messages only this feature shows (shared ones are `i18n::K`).

crate::i18n::messages! {
    Title => "多设备同步", "Sync between devices";
    Intro => "店里的几台设备（收银台、手机、家里的电脑）可以通过店里自己的 CouchDB 服务器同步数据。每台设备照常离线工作，联网后自动同步。服务器的搭建见部署指南。", "The shop's devices (the counter, a phone, the computer at home) can share their data through the shop's own CouchDB server. Each device keeps working offline and catches up when it is back online. The deploy guide explains how to set up the server.";
    Server => "数据库地址", "Database address";
    ServerHint => "例如 https://shop.example.com/couch/kehu，或与本应用同一网站时的 /couch/kehu", "For example https://shop.example.com/couch/kehu, or /couch/kehu on the app's own site";
    Name => "用户名", "User name";
    Password => "密码", "Password";
    SignIn => "登录并开始同步", "Sign in and sync";
    SigningIn => "正在登录…", "Signing in…";
    SignOut => "退出登录", "Sign out";
    SignedOut => "已退出登录，这台设备不再同步", "Signed out: this device no longer syncs";
    SignedInAs => "当前用户", "Signed in as";
    Roles => "角色", "Roles";
    SignedInToast => "已登录，开始同步", "Signed in: syncing";
    NoServer => "请填写以 https://、http:// 或 / 开头的数据库地址", "Enter the database's address, starting with https://, http:// or /";
    NoDatabase => "地址最后应是数据库名（小写字母开头）", "The address must end with the database's name (starting with a lowercase letter)";
    NeedName => "请填写用户名", "Enter the user name";
    NeedPassword => "请填写密码", "Enter the password";
    Wrong => "用户名或密码不对", "The name or password is wrong";
    Unreachable => "无法连接这个地址：请检查地址和网络", "No answer from this address: check it and the network";
    ServerSaid => "服务器返回错误", "The server answered with an error";
    Checking => "正在联系服务器…", "Asking the server…";
    NotSignedIn => "这台设备还没有登录，不会同步。", "This device is not signed in and does not sync.";
    RoleAdmin => "管理员", "admin";
    RoleStaff => "店员", "staff";
    RoleViewer => "只读", "viewer";
    RefusedTitle => "服务器拒绝的修改", "Changes the server refused";
    RefusedBody => "这些修改只保存在这台设备上，其他设备看不到。同步会一直报告错误，直到你看过为止。", "These changes are kept on this device only; the other devices do not see them. Sync reports an error until you have read this.";
    RefusedDismiss => "知道了", "Understood";
    ConflictsTitle => "需要选择的修改", "Changes to choose between";
    ConflictsBody => "两台设备离线时把同一项改成了不同的值。记录先保留了较晚的修改，另一个值留在这里，直到有人选定；选定后所有设备都会一致。", "Two devices changed the same field differently while offline. The record kept the later change; the other value waits here until someone picks. Once picked, every device agrees.";
    Picked => "已选定，所有设备会同步这个值", "Picked: every device will have this value";
    Empty => "（空）", "(empty)";
    FieldTitle => "标题", "Title";
    FieldName => "名称", "Name";
    FieldNote => "备注", "Note";
    FieldStatus => "状态", "Status";
    FieldOwner => "负责人", "Owner";
    FieldDate => "日期", "Date";
    FieldAmount => "金额", "Amount";
    FieldPriority => "优先级", "Priority";
    FieldDone => "已完成", "Done";
}
