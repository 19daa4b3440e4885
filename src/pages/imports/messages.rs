//! The messages only this feature shows (shared ones are `i18n::K`).

crate::i18n::messages! {
    Actions => "操作", "Actions";
    ImportRollback => "全部撤销", "Take it all back";
    ImportRollbackTitle => "撤销这次导入？", "Take this import back?";
    ImportRollbackBody => "这次导入写入的客户、订单、互动记录和调查回答会被删除，它更新过的客户恢复原样。导入之后又修改过、或添加了订单、互动记录、调查回答的客户保持现状。", "The customers, orders, interactions and survey responses this import wrote are deleted, and the customers it updated are put back as they were. Customers changed since, or given orders, interactions or responses since, stay as they are.";
    ImportRolledBackToast => "导入已撤销", "The import was taken back";
    ImportHistoryLead => "每次导入分批写入，每批一个事务。停止、出错或关闭页面的导入可以从最后一批之后继续，任何导入都可以全部撤销。", "Every import is written in batches, each one transaction. An import that was stopped, failed or cut off by a closed tab resumes after its last batch; any import can be taken back completely.";
    ImportHistoryEmpty => "还没有导入过文件。", "No file imported yet.";
    ImportStarted => "开始", "Started";
    ImportFile => "文件", "File";
    ImportStatusCol => "状态", "Status";
    ImportProgressCol => "进度", "Progress";
    StatusRunning => "进行中", "Running";
    StatusInterrupted => "中断", "Interrupted";
    StatusRunningElsewhere => "进行中（另一个标签页）", "Running (in another tab)";
    StatusCancelled => "已停止", "Stopped";
    StatusFailed => "出错停止", "Failed";
    StatusDone => "完成", "Done";
    StatusRolledBack => "已撤销", "Taken back";
    ImportPickAgain => "选择同一个文件以继续", "Choose the same file to resume";
    ImportNotSameFile => "这不是这次导入的文件（名称、大小或修改时间不同）。", "This is not the file of this import (its name, size or date differ).";
}
