//! The messages only this feature shows (shared ones are `i18n::K`).

crate::i18n::messages! {
    StorageTitle => "数据存储", "Data storage";
    StorageHere => "所有数据都保存在这个浏览器的 IndexedDB 中。", "All data is kept in this browser's IndexedDB.";
    PersistGranted => "浏览器已同意长期保存数据，空间不足时也不会自动清除。", "The browser agreed to keep this data even when storage runs low.";
    PersistDenied => "浏览器尚未同意长期保存：空间紧张时数据可能被清除。请定期导出备份。", "The browser has not agreed to keep this data: it may be cleared when storage runs low. Export backups regularly.";
    PersistUnknown => "这个浏览器不支持持久化存储请求。", "This browser cannot be asked to persist storage.";
    AskPersist => "请求长期保存", "Ask to persist";
    EraseAll => "清除全部数据", "Erase all data";
    EraseAdminOnly => "这台设备在同步：只有管理员登录时才能清除全部数据。", "This device syncs: only an admin signed in can erase all data.";
    EraseSyncing => "这台设备在同步：清除只删除这台设备上的数据并退出同步，服务器上商店的数据保留。", "This device syncs: erasing deletes the data on this device only and stops its sync; the shop's data stays on the server.";
    EraseConfirmTitle => "清除全部数据？", "Erase all data?";
    EraseConfirmBody => "这会永久删除这个浏览器中的所有客户、订单、互动记录和调查回答，以及这台设备上的设置（包括终端密码），无法撤销。", "This permanently deletes every customer, order, interaction and survey answer in this browser, and this device's settings (the kiosk PIN included). It cannot be undone.";
    Erased => "全部数据已清除", "All data erased";
    Currency => "货币", "Currency";
    KioskPinTitle => "问卷终端模式", "Kiosk mode";
    KioskPinLabel => "店员密码（PIN）", "Staff PIN";
    KioskPinHint => "设置后，离开终端模式或选择下一位客户都需要输入此密码，顾客看不到其他客户，也进不了系统其他页面；刷新或新开标签页仍停留在终端模式。密码只以加密散列保存在这台设备上。", "With a PIN, leaving the kiosk or picking the next customer asks for it, so customers at the counter see no other customer and cannot reach the rest of the app, even by reloading or opening a new tab. It is kept on this device only, as a salted hash.";
    KioskPinIsSet => "已设置店员密码。输入新密码可更改。", "A staff PIN is set. Type a new one to change it.";
    KioskPinNotSet => "未设置店员密码。", "No staff PIN is set.";
    KioskPinRemove => "取消密码", "Remove the PIN";
    KioskPinNoCrypto => "这个浏览器无法加密保存密码（需要 https 或本机地址），未保存。", "This browser cannot hash the PIN here (it needs https or localhost); nothing was saved.";
    KioskPinSaved => "已保存店员密码", "Staff PIN saved";
    KioskPinCleared => "已取消店员密码", "Staff PIN removed";
    SyncTitle => "多设备同步", "Sync between devices";
    SyncOff => "这台设备的数据只保存在本机。店里有几台设备时，可以通过店里自己的服务器同步。", "This device keeps its data to itself. A shop with several devices can sync them through its own server.";
    SyncSetUp => "设置同步", "Set up sync";
    SyncAccount => "服务器与账户", "Server and account";
    SyncNow => "立即同步", "Sync now";
    SyncServer => "服务器", "Server";
    SyncUser => "用户", "User";
    SyncState => "状态", "Status";
    SyncNobody => "未登录", "not signed in";
}
